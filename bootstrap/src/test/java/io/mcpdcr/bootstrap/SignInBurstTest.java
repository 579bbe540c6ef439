package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of sign-ins against the jar in a small heap, as README recommends running it, with every login limit off:
 * each sign-in verifies an Argon2id hash of about 19 MiB, so unbounded they ran the heap out (500s and
 * OutOfMemoryError). Bounded, every answer is the sign-in page again: 401 for a wrong password, or 429 with
 * Retry-After when too many sign-ins are under way; and every sign-in gets an answer, however many connections open at
 * once.
 */
class SignInBurstTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final int CONCURRENT = 48;
    private static final int NEW_CONNECTIONS = 500;

    @TempDir
    Path dir;

    @Test
    void aBurstOfWrongPasswordsInASmallHeapAnswersOnlyTheSignInPage() throws Exception {
        int port = FreePort.pick();
        Map<String, String> env = Map.of("DCR_DATA_DIR", dir.toString(), "DCR_ISSUER", "http://127.0.0.1:" + port,
                "DCR_LOGIN_PER_IP", "off", "DCR_LOGIN_PER_USER", "off", "DCR_LOGIN_PER_USER_TOTAL", "off",
                "DCR_TASKS", "off", "DCR_LOG_LEVEL", "WARN");
        assertThat(AdminCommand.run(new String[] {"users", "add", "alice", "--password-stdin"}, env,
                new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))).isZero();

        try (ServerProcess server = ServerProcess.start(List.of("-XX:+UseSerialGC", "-Xmx112m"), env, port, dir)) {
            Browser browser = new Browser(server.base());
            HttpResponse<String> loginPage = browser.get("/o/login");
            String csrf = Browser.hidden(loginPage, "csrf_token");
            String cookie = "dcr_login_csrf=" + browser.cookieValues().iterator().next();

            List<HttpResponse<String>> answers = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                answers.addAll(burst(server.base(), cookie, csrf));
            }

            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.statusCode()).as(answer.body()).isIn(401, 429);
                assertThat(answer.body()).contains("name=\"password\"");
                if (answer.statusCode() == 429) {
                    assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(
                            seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
                    assertThat(answer.body()).contains("Too many sign-ins are under way");
                }
            });
            assertThat(answers).as("some sign-ins are checked, not all turned away")
                    .anySatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(401));
            System.out.printf("sign-in burst in -Xmx112m: %d refused (401), %d turned away (429)%n",
                    answers.stream().filter(answer -> answer.statusCode() == 401).count(),
                    answers.stream().filter(answer -> answer.statusCode() == 429).count());
            assertThat(server.log()).doesNotContain("OutOfMemoryError").doesNotContain("Exception");
            assertThat(browser.signIn(browser.get("/o/login"), "alice", PASSWORD).statusCode())
                    .as("the right password still signs in after the burst").isEqualTo(303);
        }
    }

    /**
     * The benchmark's burst (issue 13, item 1): 500 sign-ins released at once, each on a new connection that writes its
     * headers and then its body, as browsers and the JDK client do. With the JDK's listen backlog of 50 the kernel reset
     * some of them (failed SYN cookies once the accept queue overflowed): no answer at all, and nothing in the log.
     */
    @Test
    void aBurstOfSignInsOnNewConnectionsGetsAnAnswerOnEveryOne() throws Exception {
        int port = FreePort.pick();
        Map<String, String> env = Map.of("DCR_DATA_DIR", dir.toString(), "DCR_ISSUER", "http://127.0.0.1:" + port,
                "DCR_LOGIN_PER_IP", "off", "DCR_LOGIN_PER_USER", "off", "DCR_LOGIN_PER_USER_TOTAL", "off",
                "DCR_TASKS", "off", "DCR_LOG_LEVEL", "WARN");
        try (ServerProcess server = ServerProcess.start(List.of("-XX:+UseSerialGC", "-Xmx112m"), env, port, dir)) {
            Browser browser = new Browser(server.base());
            String csrf = Browser.hidden(browser.get("/o/login"), "csrf_token");
            String cookie = "dcr_login_csrf=" + browser.cookieValues().iterator().next();
            for (int round = 0; round < 2; round++) {
                Map<String, Integer> answers = newConnectionBurst(port, cookie, csrf);
                assertThat(answers.keySet()).as("round %d: what %d sign-ins on new connections got: %s", round,
                        NEW_CONNECTIONS, answers).isSubsetOf("HTTP/1.1 401", "HTTP/1.1 429");
            }
            assertThat(server.log()).doesNotContain("OutOfMemoryError").doesNotContain("Exception");
        }
    }

    /** {@link #NEW_CONNECTIONS} sign-ins released at once over raw sockets: each answer's status line, counted. */
    private static Map<String, Integer> newConnectionBurst(int port, String cookie, String csrf) throws Exception {
        return RawBurst.segmentedStatuses(port, NEW_CONNECTIONS, i -> {
            byte[] body = ("username=nobody-" + i + "&password=wrong&csrf_token=" + Browser.enc(csrf)
                    + "&authorization_request=&next=admin").getBytes(StandardCharsets.US_ASCII);
            byte[] head = ("POST /o/login HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookie
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            return List.of(head, body);
        });
    }

    /** {@link #CONCURRENT} wrong-password sign-ins released at once, half for a known user and half for unknown ones. */
    private static List<HttpResponse<String>> burst(String base, String cookie, String csrf) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                String username = i % 2 == 0 ? "alice" : "nobody-" + i;
                String form = "username=" + username + "&password=wrong-guess-" + i + "&csrf_token=" + Browser.enc(csrf)
                        + "&authorization_request=&next=admin";
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/o/login"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
                Callable<HttpResponse<String>> call = () -> {
                    start.await();
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                };
                sent.add(pool.submit(call));
            }
            start.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
