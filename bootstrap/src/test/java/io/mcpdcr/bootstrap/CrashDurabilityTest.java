package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.adapters.jdbc.JdbiClientRegistry;
import io.mcpdcr.adapters.jdbc.JdbiTokenStore;
import io.mcpdcr.adapters.jdbc.PostgresTestDatabase;
import io.mcpdcr.domain.pkce.Pkce;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.token.OpaqueToken;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 while clients register and redeem codes, on the embedded H2 default and on PostgreSQL: after a restart
 * every client_id answered 201 exists and works, and every token pair answered 200 is stored and usable. The
 * server runs as a child JVM so that it can really be killed.
 */
class CrashDurabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIER = "crash-durability-verifier-0123456789-abcdefghijklmnopqrstu";
    private static final String REDIRECT = "http://127.0.0.1/cb";
    private static final String PASSWORD = "correct horse battery staple";
    private static final int CODES = 120;

    @TempDir
    Path dir;

    @Test
    void embeddedH2KeepsEverythingItAcknowledged() throws Exception {
        survivesKillMinusNine(Map.of("DCR_DATA_DIR", dir.toString()));
    }

    @Test
    void postgresKeepsEverythingItAcknowledged() throws Exception {
        try (PostgresTestDatabase postgres = PostgresTestDatabase.create()) {
            survivesKillMinusNine(Map.of("DCR_DB_URL", postgres.url()));
        }
    }

    private void survivesKillMinusNine(Map<String, String> database) throws Exception {
        int port = FreePort.pick();
        Map<String, String> env = new HashMap<>(database);
        env.putAll(Map.of("DCR_ISSUER", "http://127.0.0.1:" + port, "DCR_REGISTER_PER_IP", "off",
                "DCR_REGISTER_GLOBAL", "off", "DCR_LOGIN_PER_IP", "off", "DCR_TASKS", "off",
                "DCR_CLIENT_ID_METADATA_DOCUMENTS", "off", "DCR_LOG_LEVEL", "WARN"));
        assertThat(admin(env, PASSWORD + "\n", "users", "add", "alice", "--password-stdin")).isZero();

        Queue<String> registered = new ConcurrentLinkedQueue<>();
        Queue<JsonNode> issued = new ConcurrentLinkedQueue<>();
        String clientId;
        try (ServerProcess server = ServerProcess.start(env, port, dir)) {
            Browser browser = new Browser(server.base());
            clientId = register(browser).orElseThrow();
            Queue<String> codes = new ConcurrentLinkedQueue<>(codes(browser, clientId));

            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService load = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 4; t++) {
                load.submit(() -> {
                    Browser client = new Browser(server.base());
                    while (running.get()) {
                        register(client).ifPresent(registered::add);
                    }
                    return null;
                });
                load.submit(() -> {
                    Browser client = new Browser(server.base());
                    for (String code = codes.poll(); code != null && running.get(); code = codes.poll()) {
                        HttpResponse<String> answer = client.postForm("/o/token/", exchange(clientId, code));
                        if (answer.statusCode() == 200) {
                            issued.add(JSON.readTree(answer.body()));
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(1500);
            server.kill();
            running.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(registered).as("registrations answered before the kill").isNotEmpty();
        assertThat(issued).as("token pairs answered before the kill").isNotEmpty();

        try (ServerProcess restarted = ServerProcess.start(env, port, dir)) {
            Settings settings = Settings.from(env);
            try (Database db = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), 1)) {
                var clients = new JdbiClientRegistry(db.jdbi());
                var tokens = new JdbiTokenStore(db.jdbi());
                List<String> lostClients = new ArrayList<>();
                registered.forEach(id -> {
                    if (clients.find(new ClientId(id)).isEmpty()) {
                        lostClients.add(id);
                    }
                });
                List<String> lostTokens = new ArrayList<>();
                issued.forEach(pair -> {
                    if (tokens.findAccess(OpaqueToken.hash(pair.path("access_token").asText())).isEmpty()
                            || tokens.findRefresh(OpaqueToken.hash(pair.path("refresh_token").asText())).isEmpty()) {
                        lostTokens.add(pair.path("access_token").asText().substring(0, 6) + "…");
                    }
                });
                assertThat(lostClients).as("acknowledged registrations lost by the crash").isEmpty();
                assertThat(lostTokens).as("acknowledged token pairs lost by the crash").isEmpty();
                System.out.printf("kill -9 on %s: %d registrations and %d token pairs acknowledged, none lost%n",
                        settings.dbUrl().split(":")[1], registered.size(), issued.size());
            }
            Browser browser = new Browser(restarted.base());
            String last = registered.stream().reduce((a, b) -> b).orElseThrow();
            assertThat(browser.get(authorize(last)).statusCode()).as("a client registered before the crash works")
                    .isEqualTo(200);
            String refresh = issued.stream().reduce((a, b) -> b).orElseThrow().path("refresh_token").asText();
            assertThat(browser.postForm("/o/token/", Map.of("grant_type", "refresh_token", "client_id", clientId,
                    "refresh_token", refresh)).statusCode()).as("a refresh token issued before the crash works")
                    .isEqualTo(200);
        }
    }

    /** Signs in once, then approves {@link #CODES} authorization requests: single-use codes to redeem under load. */
    private static List<String> codes(Browser browser, String clientId) throws Exception {
        HttpResponse<String> loginPage = browser.get(authorize(clientId));
        assertThat(browser.signIn(loginPage, "alice", PASSWORD).statusCode()).isEqualTo(303);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < CODES; i++) {
            codes.add(Browser.query(browser.decide(browser.get(authorize(clientId)), "approve")).get("code"));
        }
        return codes;
    }

    private static Optional<String> register(Browser browser) {
        try {
            HttpResponse<String> answer = browser.postJson("/o/register/",
                    "{\"client_name\":\"Crash\",\"redirect_uris\":[\"" + REDIRECT + "\"]}");
            return answer.statusCode() == 201
                    ? Optional.of(JSON.readTree(answer.body()).path("client_id").asText())
                    : Optional.empty();
        } catch (Exception connectionLost) {
            return Optional.empty();
        }
    }

    private static Map<String, String> exchange(String clientId, String code) {
        return Map.of("grant_type", "authorization_code", "client_id", clientId, "code", code,
                "redirect_uri", REDIRECT, "code_verifier", VERIFIER);
    }

    private static String authorize(String clientId) {
        return "/o/authorize/?response_type=code&client_id=" + clientId + "&redirect_uri=" + Browser.enc(REDIRECT)
                + "&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256";
    }

    private static int admin(Map<String, String> env, String stdin, String... args) {
        return AdminCommand.run(args, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }
}
