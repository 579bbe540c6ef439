package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three server processes on one PostgreSQL with no proxy between them, as behind a load balancer without sticky
 * sessions: a client, a login and a code work across them, a code is redeemed once across them, and every limit holds
 * for the three together, within the tolerance docs/operations.md states ("Limits across instances").
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralInstancesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIER = "several-instances-verifier-0123456789-abcdefghijklmnopq";
    private static final String ISSUER = "http://auth.example.test"; // one public name for both instances
    private static final String PASSWORD = "correct horse battery staple";
    private static final int GLOBAL_LIMIT = 300;
    private static final int PER_ADDRESS_LIMIT = 5;
    private static final int FAILED_SIGN_INS_PER_USER = 3;
    /**
     * How far the instances together may go past a limit: docs/operations.md, "Limits across instances". Every take
     * from the shared count is exact, so none, as long as a window holds fewer keys of a limit than
     * DCR_THROTTLE_MAX_KEYS (here a few hundred of 50000).
     */
    private static final int TOLERANCE = 0;

    @TempDir
    static Path logs;

    private static PostgresTestDatabase postgres;
    private static Map<String, String> env;
    private static ServerProcess first;
    private static ServerProcess second;
    private static ServerProcess third;
    private static String authorize;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresTestDatabase.create();
        env = Map.of("DCR_DB_URL", postgres.url(), "DCR_ISSUER", ISSUER, "DCR_TASKS", "off",
                "DCR_REGISTER_GLOBAL", GLOBAL_LIMIT + "/1h", "DCR_REGISTER_PER_IP", PER_ADDRESS_LIMIT + "/1h",
                "DCR_LOGIN_PER_USER", FAILED_SIGN_INS_PER_USER + "/1h", "DCR_TRUSTED_PROXIES", "127.0.0.1",
                "DCR_CLIENT_ID_METADATA_DOCUMENTS", "off", "DCR_LOG_LEVEL", "WARN");
        for (String user : List.of("alice", "bob")) {
            assertThat(AdminCommand.run(new String[] {"users", "add", user, "--password-stdin"}, env,
                    new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)),
                    new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))).isZero();
        }
        first = ServerProcess.start(env, FreePort.pick(), logs);
        second = ServerProcess.start(env, FreePort.pick(), logs);
        third = ServerProcess.start(env, FreePort.pick(), logs);
        awayFromTheEndOfAnHour();
    }

    /**
     * The shared windows of an hour begin on the hour: tests that spanned one would see two windows' permits. They
     * take well under two minutes, even on a busy machine.
     */
    private static void awayFromTheEndOfAnHour() throws InterruptedException {
        long intoTheHour = Instant.now().getEpochSecond() % 3600;
        if (intoTheHour > 3600 - 120) {
            Thread.sleep((3600 - intoTheHour + 1) * 1000);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServerProcess instance : new ServerProcess[] {first, second, third}) {
            if (instance != null) {
                instance.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void aClientLoginAndCodeFromOneInstanceWorkOnTheOtherAndTheCodeIsRedeemedOnce() throws Exception {
        var onFirst = new Browser(first.base());
        String clientId = register(onFirst).orElseThrow();
        authorize = "/o/authorize/?response_type=code&client_id=" + clientId + "&code_challenge="
                + Pkce.s256(VERIFIER) + "&code_challenge_method=S256";

        // Log in on the first instance...
        HttpResponse<String> loggedIn = onFirst.signIn(onFirst.get(authorize), "alice", PASSWORD);
        assertThat(loggedIn.statusCode()).isEqualTo(303);
        // ...and carry the session cookie to the second, as a load balancer would route the next request.
        var onSecond = new Browser(second.base(), onFirst);
        HttpResponse<String> consent = onSecond.get(authorize);
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
        assertThat(consent.body()).contains("Allow access?").contains("alice");
        String code = Browser.query(onSecond.decide(consent, "approve")).get("code");

        // 32 redemptions of that code at once, spread over the instances: exactly one gets tokens.
        Map<String, String> exchange = Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", code, "code_verifier", VERIFIER);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch ready = new CountDownLatch(32);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            Browser browser = new Browser(instance(i).base());
            answers.add(pool.submit((Callable<Integer>) () -> {
                ready.countDown();
                ready.await();
                return browser.postForm("/o/token/", exchange).statusCode();
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        pool.shutdown();
        assertThat(statuses).as("every answer: %s", statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(statuses).as("every answer: %s", statuses).filteredOn(status -> status == 400).hasSize(31);
    }

    @Test
    @Order(2)
    void onePerAddressLimitHoldsAcrossTheInstances() throws Exception {
        // Three times the limit from one address at once, a third on each instance: each instance alone would admit 5.
        long toTheHour = secondsToTheHour();
        List<HttpResponse<String>> answers = registerConcurrently(3 * PER_ADDRESS_LIMIT, i -> "203.0.113.7");

        assertThat(answers).filteredOn(answer -> answer.statusCode() == 201)
                .hasSizeBetween(PER_ADDRESS_LIMIT - TOLERANCE, PER_ADDRESS_LIMIT + TOLERANCE);
        assertRefusedUntilTheHoursEnd(answers, 3 * PER_ADDRESS_LIMIT - PER_ADDRESS_LIMIT, toTheHour);
    }

    @Test
    @Order(3)
    void theGlobalRegistrationLimitHoldsAcrossTheInstances() throws Exception {
        // 450 registrations from 450 addresses, a third on each instance, 24 at a time: each instance alone would admit
        // 300. The tests before spent some of the budget: one registration, and the per-address limit's.
        long before = createdClients();
        long toTheHour = secondsToTheHour();
        List<HttpResponse<String>> answers = registerConcurrently(450,
                i -> "10.1." + (i / 200) + "." + (i % 200 + 1));

        long created = createdClients();
        assertThat(created).as("registrations created in all").isBetween((long) GLOBAL_LIMIT, (long) GLOBAL_LIMIT + TOLERANCE);
        long admitted = answers.stream().filter(answer -> answer.statusCode() == 201).count();
        assertThat(admitted).isEqualTo(created - before);
        assertRefusedUntilTheHoursEnd(answers, (int) (450 - admitted), toTheHour);
    }

    @Test
    @Order(4)
    void failedSignInsOnSomeInstancesLockTheUserOnEveryOther() throws Exception {
        for (int i = 0; i < FAILED_SIGN_INS_PER_USER; i++) {
            var browser = new Browser(instance(i).base());
            assertThat(browser.signIn(browser.get(authorize), "bob", "guess-" + i).statusCode()).isEqualTo(401);
        }
        // Each instance has seen at most one failure: only the shared count knows bob has had three.
        for (ServerProcess instance : List.of(first, second, third)) {
            var browser = new Browser(instance.base());
            assertThat(browser.signIn(browser.get(authorize), "bob", PASSWORD).statusCode()).isEqualTo(429);
        }
        var browser = new Browser(third.base());
        assertThat(browser.signIn(browser.get(authorize), "alice", PASSWORD).statusCode()).as("another user")
                .isEqualTo(303);
    }

    private static ServerProcess instance(int i) {
        return switch (i % 3) {
            case 0 -> first;
            case 1 -> second;
            default -> third;
        };
    }

    /** Registrations sent at once, the i-th from address(i) as the trusted proxy forwards it, to instance(i). */
    private static List<HttpResponse<String>> registerConcurrently(int count, IntFunction<String> address)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(instance(i).base() + "/o/register/"))
                        .header("Content-Type", "application/json")
                        .header("X-Forwarded-For", address.apply(i))
                        .POST(HttpRequest.BodyPublishers.ofString(body()))
                        .build();
                sent.add(pool.submit(() -> http.send(request, HttpResponse.BodyHandlers.ofString())));
            }
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    /** Whole seconds to the end of the hour, rounded up: no refusal from now on asks a client to wait longer. */
    private static long secondsToTheHour() {
        return 3600 - Instant.now().getEpochSecond() % 3600;
    }

    /** The refused ones are 429s that say to come back when the hour's window ends, or sooner, and no later. */
    private static void assertRefusedUntilTheHoursEnd(List<HttpResponse<String>> answers, int refused,
            long toTheHour) {
        List<HttpResponse<String>> refusals = answers.stream().filter(answer -> answer.statusCode() != 201).toList();
        assertThat(refusals).hasSize(refused).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(1L, toTheHour);
        });
    }

    private static long createdClients() {
        return DatabaseRows.number(env, "SELECT COUNT(*) FROM oauth_client");
    }

    private static Optional<String> register(Browser browser) throws Exception {
        HttpResponse<String> answer = browser.postJson("/o/register/", body());
        return answer.statusCode() == 201
                ? Optional.of(JSON.readTree(answer.body()).path("client_id").asText())
                : Optional.empty();
    }

    private static String body() {
        return "{\"client_name\":\"Inspector\",\"redirect_uris\":[\"http://127.0.0.1/callback\"]}";
    }
}
