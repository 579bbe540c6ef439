package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.adapters.jdbc.PostgresTestDatabase;
import io.mcpdcr.domain.pkce.Pkce;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many clients at once against the wired service on PostgreSQL: limits, single use and rotation hold. */
class ConcurrencyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIER = "concurrency-test-verifier-0123456789-abcdefghijklmnopq";
    private static final String REDIRECT = "http://127.0.0.1/callback";

    private static PostgresTestDatabase postgres;
    private static Wiring wiring;
    private static String base;
    private static Map<String, String> env;
    /** Registrations other tests made: they spend the same global budget. */
    private static final java.util.concurrent.atomic.AtomicInteger SPENT = new java.util.concurrent.atomic.AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresTestDatabase.create();
        int port;
        port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        env = Map.of("DCR_DB_URL", postgres.url(), "DCR_PORT", Integer.toString(port), "DCR_ISSUER", base,
                "DCR_REGISTER_GLOBAL", "50/1h", "DCR_REGISTER_PER_IP", "off", "DCR_TRUSTED_PROXIES", "127.0.0.1",
                "DCR_TASKS", "off");
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", port);
        assertThat(AdminCommand.run(new String[] {"users", "add", "alice", "--password-stdin"}, env,
                new ByteArrayInputStream("correct horse battery staple\n".getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        if (wiring != null) {
            wiring.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void twoHundredRegistrationsFromManyAddressesMeetAGlobalLimitOfFifty() throws Exception {
        List<HttpResponse<String>> responses = concurrently(200, i -> http.send(HttpRequest.newBuilder(
                                URI.create(base + "/o/register/"))
                        .header("Content-Type", "application/json")
                        .header("X-Forwarded-For", "10.7." + (i / 250) + "." + (i % 250 + 1))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"client_name\":\"Burst " + i + "\",\"redirect_uris\":[\"" + REDIRECT + "\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString()));

        List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
        assertThat(statuses).containsOnly(201, 429);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(50 - SPENT.get());
        Set<String> ids = new HashSet<>();
        for (HttpResponse<String> response : responses) {
            if (response.statusCode() == 201) {
                ids.add(JSON.readTree(response.body()).path("client_id").asText());
            }
        }
        assertThat(ids).hasSize(50 - SPENT.get());
    }

    @Test
    void aHundredRedemptionsOfOneCodeGiveOneToken() throws Exception {
        String clientId = register("Redeemer");
        String code = code(clientId);

        List<HttpResponse<String>> responses = concurrently(100, i -> token(
                "grant_type=authorization_code&client_id=" + clientId + "&code=" + code + "&code_verifier=" + VERIFIER));

        List<HttpResponse<String>> issued = responses.stream().filter(r -> r.statusCode() == 200).toList();
        assertThat(issued).hasSize(1);
        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isIn(200, 400));
        String refresh = JSON.readTree(issued.get(0).body()).path("refresh_token").asText();
        assertThat(token("grant_type=refresh_token&client_id=" + clientId + "&refresh_token=" + refresh).statusCode())
                .as("the replays revoked what the code gave, whichever finished first").isEqualTo(400);
    }

    @Test
    void fiftyUsesOfOneRefreshTokenGiveOnePairAndRevokeTheFamily() throws Exception {
        String clientId = register("Refresher");
        JsonNode tokens = JSON.readTree(token("grant_type=authorization_code&client_id=" + clientId + "&code="
                + code(clientId) + "&code_verifier=" + VERIFIER).body());
        String refresh = tokens.path("refresh_token").asText();

        List<HttpResponse<String>> responses = concurrently(50, i -> token(
                "grant_type=refresh_token&client_id=" + clientId + "&refresh_token=" + refresh));

        List<HttpResponse<String>> issued = responses.stream().filter(r -> r.statusCode() == 200).toList();
        assertThat(issued).hasSize(1);
        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isIn(200, 400));
        for (HttpResponse<String> winner : issued) {
            String next = JSON.readTree(winner.body()).path("refresh_token").asText();
            assertThat(token("grant_type=refresh_token&client_id=" + clientId + "&refresh_token=" + next).statusCode())
                    .as("the family is revoked, the winner's new pair included").isEqualTo(400);
        }
    }

    private String register(String name) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/o/register/"))
                        .header("Content-Type", "application/json")
                        .header("X-Forwarded-For", "192.0.2." + Math.abs(name.hashCode() % 200))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"client_name\":\"" + name + "\",\"redirect_uris\":[\"" + REDIRECT + "\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        SPENT.incrementAndGet();
        return JSON.readTree(response.body()).path("client_id").asText();
    }

    private String code(String clientId) throws Exception {
        var browser = new Browser(base);
        HttpResponse<String> loginPage = browser.get("/o/authorize/?response_type=code&client_id=" + clientId
                + "&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256");
        HttpResponse<String> consent = browser.get(browser.signIn(loginPage, "alice", "correct horse battery staple")
                .headers().firstValue("Location").orElseThrow());
        return Browser.query(browser.decide(consent, "approve")).get("code");
    }

    private HttpResponse<String> token(String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/o/token/"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private interface Attempt {
        HttpResponse<String> run(int index) throws Exception;
    }

    /** Runs the attempts from 32 threads released together, and answers every response. */
    private static List<HttpResponse<String>> concurrently(int count, Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit((Callable<HttpResponse<String>>) () -> {
                    start.await();
                    return attempt.run(index);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
