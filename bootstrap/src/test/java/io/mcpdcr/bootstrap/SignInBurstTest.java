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
 * Retry-After when too many sign-ins are under way.
 */
class SignInBurstTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final int CONCURRENT = 48;

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
