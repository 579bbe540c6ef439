package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.adapters.jdbc.PostgresTestDatabase;
import io.mcpdcr.domain.pkce.Pkce;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL with no proxy between them, as behind a load balancer without sticky sessions:
 * a client, a login and a code work across both, and a code is redeemed once across both.
 */
class SeveralInstancesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIER = "several-instances-verifier-0123456789-abcdefghijklmnopq";
    private static final String ISSUER = "http://auth.example.test"; // one public name for both instances

    private static PostgresTestDatabase postgres;
    private static Wiring first;
    private static Wiring second;
    private static String firstBase;
    private static String secondBase;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresTestDatabase.create();
        int firstPort = freePort();
        int secondPort = freePort();
        firstBase = "http://127.0.0.1:" + firstPort;
        secondBase = "http://127.0.0.1:" + secondPort;
        Map<String, String> env = Map.of("DCR_DB_URL", postgres.url(), "DCR_ISSUER", ISSUER,
                "DCR_TASKS", "off");
        first = Wiring.build(Settings.from(env));
        first.start("127.0.0.1", firstPort);
        second = Wiring.build(Settings.from(env));
        second.start("127.0.0.1", secondPort);
        assertThat(AdminCommand.run(new String[] {"users", "add", "alice", "--password-stdin"}, env,
                new ByteArrayInputStream("correct horse battery staple\n".getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Wiring instance : new Wiring[] {first, second}) {
            if (instance != null) {
                instance.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aClientLoginAndCodeFromOneInstanceWorkOnTheOther() throws Exception {
        var onFirst = new Browser(firstBase);
        HttpResponse<String> registered = onFirst.postJson("/o/register/",
                "{\"client_name\":\"Inspector\",\"redirect_uris\":[\"http://127.0.0.1/callback\"]}");
        String clientId = JSON.readTree(registered.body()).path("client_id").asText();
        String authorize = "/o/authorize/?response_type=code&client_id=" + clientId + "&code_challenge="
                + Pkce.s256(VERIFIER) + "&code_challenge_method=S256";

        // Log in on the first instance...
        HttpResponse<String> loggedIn = onFirst.signIn(onFirst.get(authorize), "alice", "correct horse battery staple");
        assertThat(loggedIn.statusCode()).isEqualTo(303);
        // ...and carry the session cookie to the second, as a load balancer would route the next request.
        var onSecond = new Browser(secondBase, onFirst);
        HttpResponse<String> consent = onSecond.get(authorize);
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
        assertThat(consent.body()).contains("Allow access?").contains("alice");
        String code = Browser.query(onSecond.decide(consent, "approve")).get("code");

        String exchange = "grant_type=authorization_code&client_id=" + clientId + "&code=" + code
                + "&code_verifier=" + VERIFIER;
        List<Integer> statuses = List.of(
                onFirst.postForm("/o/token/", Browser.formOf(exchange)).statusCode(),
                onSecond.postForm("/o/token/", Browser.formOf(exchange)).statusCode());
        assertThat(statuses).containsExactlyInAnyOrder(200, 400);
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
