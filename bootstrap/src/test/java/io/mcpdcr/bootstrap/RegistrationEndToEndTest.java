package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.adapters.jdbc.JdbiClientRegistry;
import io.mcpdcr.domain.registration.ClientId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wired service as the jar runs it: real H2 file, real Resilience4j limits, real HTTP. */
class RegistrationEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSPECTOR = """
            {"client_name":"MCP Inspector","redirect_uris":["http://localhost:6274/oauth/callback"],
             "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
             "token_endpoint_auth_method":"none","client_uri":"https://github.com/modelcontextprotocol/inspector"}""";

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void registrationIsDurableAcrossARestart() throws Exception {
        Map<String, String> env = env(Map.of());
        String clientId;
        try (Wiring wiring = Wiring.build(Settings.from(env))) {
            int port = wiring.start("127.0.0.1", 0);
            HttpResponse<String> response = register(port, INSPECTOR, "MCP-Inspector/0.17");
            assertThat(response.statusCode()).isEqualTo(201);
            clientId = JSON.readTree(response.body()).path("client_id").asText();
        }

        Settings settings = Settings.from(env);
        try (Database database = Database.open(settings.dbUrl(), "", "", 1)) {
            var stored = new JdbiClientRegistry(database.jdbi()).find(new ClientId(clientId)).orElseThrow();
            assertThat(stored.metadata().clientName()).isEqualTo("MCP Inspector");
            assertThat(stored.metadata().redirectUris()).containsExactly("http://localhost:6274/oauth/callback");
            assertThat(stored.source().address()).isEqualTo("127.0.0.1");
            assertThat(stored.source().userAgent()).contains("MCP-Inspector/0.17");
        }
    }

    @Test
    void perIpLimitAnswers429WithRetryAfter() throws Exception {
        try (Wiring wiring = Wiring.build(Settings.from(env(Map.of("DCR_REGISTER_PER_IP", "2/1h"))))) {
            int port = wiring.start("127.0.0.1", 0);
            assertThat(register(port, INSPECTOR, "t").statusCode()).isEqualTo(201);
            assertThat(register(port, "{not json", "t").statusCode()).isEqualTo(400);
            HttpResponse<String> refused = register(port, INSPECTOR, "t");

            assertThat(refused.statusCode()).isEqualTo(429);
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 3600L);
            assertThat(JSON.readTree(refused.body()).path("error").asText()).isEqualTo("too_many_requests");
        }
    }

    @Test
    void globalLimitCapsAllAddressesTogether() throws Exception {
        var env = env(Map.of("DCR_REGISTER_GLOBAL", "2/1h", "DCR_TRUSTED_PROXIES", "127.0.0.1"));
        try (Wiring wiring = Wiring.build(Settings.from(env))) {
            int port = wiring.start("127.0.0.1", 0);
            assertThat(registerFrom(port, "203.0.113.1").statusCode()).isEqualTo(201);
            assertThat(registerFrom(port, "203.0.113.2").statusCode()).isEqualTo(201);
            assertThat(registerFrom(port, "203.0.113.3").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void answers503WhenTheDatabaseGoesAway() throws Exception {
        String url = "jdbc:h2:mem:e2e-down;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        try (Wiring wiring = Wiring.build(Settings.from(env(Map.of("DCR_DB_URL", url))))) {
            int port = wiring.start("127.0.0.1", 0);
            assertThat(register(port, INSPECTOR, "t").statusCode()).isEqualTo(201);
            try (var connection = DriverManager.getConnection(url)) {
                connection.createStatement().execute("SHUTDOWN");
            }
            HttpResponse<String> response = register(port, INSPECTOR, "t");

            assertThat(response.statusCode()).isEqualTo(503);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("error").asText()).isEqualTo("temporarily_unavailable");
            assertThat(response.body()).doesNotContain("Exception");

            // A client must not mistake an outage for its removal: 503, never 401 invalid_client.
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/o/token/"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "grant_type=refresh_token&client_id=abc&refresh_token=def"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(token.body()).path("error").asText()).isEqualTo("temporarily_unavailable");
        }
    }

    @Test
    void aHostedClientSpendsItsHostsBudgetAndNotItsSharedAddresss() throws Exception {
        String claude = RealClients.document("claude-registration.json");
        try (Wiring wiring = Wiring.build(Settings.from(env(Map.of())))) {
            int port = wiring.start("127.0.0.1", 0);
            for (int i = 1; i <= 200; i++) {
                assertThat(register(port, claude, "Claude-User").statusCode()).as("claude.ai registration %d", i)
                        .isEqualTo(201);
            }
            for (int i = 1; i <= 20; i++) {
                assertThat(register(port, INSPECTOR, "t").statusCode()).as("registration %d", i).isEqualTo(201);
            }

            assertThat(register(port, INSPECTOR, "t").statusCode()).as("the 21st from the address").isEqualTo(429);
            assertThat(register(port, claude, "Claude-User").statusCode()).isEqualTo(201);
        }
    }

    @Test
    void aHostedHostHasABudgetOfItsOwnWithinTheGlobalOne() throws Exception {
        String claude = RealClients.document("claude-registration.json");
        try (Wiring wiring = Wiring.build(Settings.from(env(Map.of("DCR_REGISTER_PER_HOSTED_HOST", "2/1h"))))) {
            int port = wiring.start("127.0.0.1", 0);
            assertThat(register(port, claude, "c").statusCode()).isEqualTo(201);
            assertThat(register(port, claude, "c").statusCode()).isEqualTo(201);
            assertThat(register(port, claude, "c").statusCode()).isEqualTo(429);
            assertThat(register(port, INSPECTOR, "t").statusCode()).isEqualTo(201);
        }
        try (Wiring wiring = Wiring.build(Settings.from(env(Map.of("DCR_REGISTER_GLOBAL", "2/1h"))))) {
            int port = wiring.start("127.0.0.1", 0);
            assertThat(register(port, claude, "c").statusCode()).isEqualTo(201);
            assertThat(register(port, claude, "c").statusCode()).isEqualTo(201);
            assertThat(register(port, claude, "c").statusCode()).as("the global limit").isEqualTo(429);
        }
    }

    private Map<String, String> env(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("DCR_DATA_DIR", dataDir.toString());
        env.putAll(overrides);
        return env;
    }

    private HttpResponse<String> register(int port, String body, String userAgent) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/o/register/"))
                        .header("Content-Type", "application/json")
                        .header("User-Agent", userAgent)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> registerFrom(int port, String forwardedFor) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/o/register/"))
                        .header("Content-Type", "application/json")
                        .header("X-Forwarded-For", forwardedFor)
                        .POST(HttpRequest.BodyPublishers.ofString(INSPECTOR))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
