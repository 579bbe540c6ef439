package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.adapters.jdbc.PostgresTestDatabase;
import io.mcpdcr.domain.pkce.Pkce;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes on one PostgreSQL with no proxy between them, as behind a load balancer without sticky
 * sessions: a client, a login and a code work across both, a code is redeemed once across both, and the
 * registration limit holds per instance (docs/operations.md, "Behind a load balancer").
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralInstancesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIER = "several-instances-verifier-0123456789-abcdefghijklmnopq";
    private static final String ISSUER = "http://auth.example.test"; // one public name for both instances
    private static final String PASSWORD = "correct horse battery staple";
    private static final int GLOBAL_LIMIT = 5;

    @TempDir
    static Path logs;

    private static PostgresTestDatabase postgres;
    private static ServerProcess first;
    private static ServerProcess second;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresTestDatabase.create();
        Map<String, String> env = Map.of("DCR_DB_URL", postgres.url(), "DCR_ISSUER", ISSUER, "DCR_TASKS", "off",
                "DCR_REGISTER_GLOBAL", GLOBAL_LIMIT + "/1h", "DCR_REGISTER_PER_IP", "off",
                "DCR_CLIENT_ID_METADATA_DOCUMENTS", "off", "DCR_LOG_LEVEL", "WARN");
        assertThat(AdminCommand.run(new String[] {"users", "add", "alice", "--password-stdin"}, env,
                new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))).isZero();
        first = ServerProcess.start(env, FreePort.pick(), logs);
        second = ServerProcess.start(env, FreePort.pick(), logs);
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServerProcess instance : new ServerProcess[] {first, second}) {
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
        String authorize = "/o/authorize/?response_type=code&client_id=" + clientId + "&code_challenge="
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

        // 32 redemptions of that code at once, half on each instance: exactly one gets tokens.
        Map<String, String> exchange = Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", code, "code_verifier", VERIFIER);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch ready = new CountDownLatch(32);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            Browser browser = new Browser(i % 2 == 0 ? first.base() : second.base());
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
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 400).hasSize(31);
    }

    @Test
    @Order(2)
    void theGlobalRegistrationLimitHoldsPerInstance() throws Exception {
        // Each instance keeps its own budget: together they accept twice the configured limit, and no more.
        // The first instance already spent one registration on the test before.
        assertThat(registrationStatuses(first)).containsExactly(201, 201, 201, 201, 429, 429);
        assertThat(registrationStatuses(second)).containsExactly(201, 201, 201, 201, 201, 429);
    }

    private static List<Integer> registrationStatuses(ServerProcess instance) throws Exception {
        var browser = new Browser(instance.base());
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < GLOBAL_LIMIT + 1; i++) {
            statuses.add(browser.postJson("/o/register/", body()).statusCode());
        }
        return statuses;
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
