package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.domain.pkce.Pkce;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operating the wired jar: admin commands on a live server, disabled and deleted clients, metrics and health. */
class MonitoringEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIER = "monitoring-end-to-end-verifier-0123456789-abcdefghijkl";

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> env = new HashMap<>();
    private Wiring wiring;
    private String base;

    @BeforeEach
    void start() throws Exception {
        int port;
        port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        env.put("DCR_DATA_DIR", dataDir.toString());
        env.put("DCR_PORT", Integer.toString(port));
        env.put("DCR_ISSUER", base);
        env.put("DCR_METRICS", "public");
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", port);
    }

    @AfterEach
    void stop() {
        wiring.close();
    }

    @Test
    void aDisabledClientIsRefusedAtAuthorizeAndToken() throws Exception {
        String clientId = register("Cursor");

        assertThat(admin("clients", "disable", clientId).exitCode()).isZero();

        assertRefusedEverywhere(clientId);
        assertThat(admin("clients", "show", clientId).out()).contains("disabled").contains("Cursor");
    }

    @Test
    void aDeletedClientIsRefusedAtAuthorizeAndToken() throws Exception {
        String clientId = register("Claude Code");

        assertThat(admin("clients", "delete", clientId).exitCode()).isZero();

        assertRefusedEverywhere(clientId);
        assertThat(admin("clients", "show", clientId).exitCode()).isEqualTo(1);
    }

    @Test
    void adminCommandsListClientsAsATableAndAsJson() throws Exception {
        String first = register("MCP Inspector");
        register("Visual Studio Code");

        Run table = admin("clients", "list");
        assertThat(table.out().lines().findFirst().orElseThrow())
                .startsWith("client_id").contains("client_name").contains("registered").contains("redirect_hosts");
        assertThat(table.out()).contains(first).contains("Visual Studio Code").contains("127.0.0.1");

        JsonNode json = JSON.readTree(admin("clients", "list", "--name", "inspector", "--json").out());
        assertThat(json.size()).isEqualTo(1);
        assertThat(json.get(0).path("client_id").asText()).isEqualTo(first);
        assertThat(json.get(0).path("last_used").isNull()).isTrue();

        JsonNode shown = JSON.readTree(admin("clients", "show", first, "--json").out());
        assertThat(shown.path("registered_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(shown.path("user_agent").asText()).isEqualTo("monitoring-test/1.0");

        assertThat(admin("prune", "--dry-run", "--json").out().trim()).isEqualTo("[ ]");
        assertThat(admin("findings", "list", "--json").out().trim()).isEqualTo("[ ]");
    }

    @Test
    void metricsAndHealthReflectTheService() throws Exception {
        register("MCP Inspector");
        post("/o/register/", "application/json", "{\"client_name\":\"x\",\"redirect_uris\":[\"http://evil.example/cb\"]}");

        String scrape = get("/metrics").body();

        assertThat(scrape)
                .contains("dcr_registrations_total{error=\"none\",outcome=\"created\"} 1.0")
                .contains("dcr_registrations_total{error=\"invalid_redirect_uri\",outcome=\"refused\"} 1.0")
                .contains("dcr_clients_live 1.0")
                .contains("jvm_memory_used_bytes");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health/ready").body()).isEqualTo("{\"status\":\"up\"}");
    }

    private void assertRefusedEverywhere(String clientId) throws Exception {
        HttpResponse<String> authorize = get("/o/authorize/?response_type=code&client_id=" + clientId
                + "&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256");
        assertThat(authorize.statusCode()).isEqualTo(400);
        assertThat(authorize.headers().firstValue("Location")).isEmpty();
        assertThat(authorize.body()).contains("unknown");

        HttpResponse<String> token = post("/o/token/", "application/x-www-form-urlencoded",
                "grant_type=authorization_code&client_id=" + clientId + "&code=abc&code_verifier=" + VERIFIER);
        assertThat(token.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(token.body()).path("error").asText()).isEqualTo("invalid_client");
    }

    private String register(String name) throws Exception {
        HttpResponse<String> response = post("/o/register/", "application/json",
                "{\"client_name\":\"" + name + "\",\"redirect_uris\":[\"http://127.0.0.1/callback\"]}");
        assertThat(response.statusCode()).isEqualTo(201);
        return JSON.readTree(response.body()).path("client_id").asText();
    }

    private record Run(int exitCode, String out) {}

    private Run admin(String... args) {
        StringWriter out = new StringWriter();
        int code = AdminCommand.run(args, env, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
        return new Run(code, out.toString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String type, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", type)
                        .header("User-Agent", "monitoring-test/1.0")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
