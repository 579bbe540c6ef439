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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password guessing against a known username, over real sockets behind a trusted proxy that names each client in
 * X-Forwarded-For. Failures count per (username, network), so a guesser locks the user out of the guesser's own
 * network only; the owner, elsewhere, still signs in. The per-address limit keys an IPv6 client on its /64.
 */
class SignInLockoutTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String ATTACKER = "203.0.113.7";
    private static final String OWNER = "198.51.100.20";

    @TempDir
    Path dir;

    private Wiring wiring;
    private String base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private String csrfCookie;
    private String csrfField;

    private void start(Map<String, String> limits) throws Exception {
        int port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        Map<String, String> env = new HashMap<>(Map.of("DCR_DATA_DIR", dir.toString(), "DCR_ISSUER", base,
                "DCR_TRUSTED_PROXIES", "127.0.0.1", "DCR_TASKS", "off", "DCR_LOGIN_CONCURRENCY", "2"));
        env.putAll(limits);
        assertThat(AdminCommand.run(new String[] {"users", "add", "admin", "--password-stdin", "--admin"}, env,
                new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))).isZero();
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", port);
        Browser browser = new Browser(base);
        csrfField = Browser.hidden(browser.get("/o/login"), "csrf_token");
        csrfCookie = "dcr_login_csrf=" + browser.cookieValues().iterator().next();
    }

    @AfterEach
    void stop() {
        if (wiring != null) {
            wiring.close();
        }
    }

    @Test
    void theOwnerSignsInFromHerNetworkWhileOneAddressGuessesHerPassword() throws Exception {
        start(Map.of()); // the default limits

        for (int guess = 1; guess <= 10; guess++) {
            assertThat(signIn(ATTACKER, "admin", "guess-" + guess)).as("guess %d", guess).isEqualTo(401);
        }
        for (int guess = 11; guess <= 15; guess++) {
            assertThat(signIn(ATTACKER, "admin", "guess-" + guess)).as("guess %d", guess).isEqualTo(429);
        }
        assertThat(signIn("203.0.113.99", "admin", PASSWORD)).as("the guesser's /24 is locked, even for the password")
                .isEqualTo(429);

        assertThat(signIn(OWNER, "admin", PASSWORD)).as("the owner on her own network").isEqualTo(303);
        assertThat(signIn(OWNER, "admin", PASSWORD)).as("her success spent nothing").isEqualTo(303);
    }

    @Test
    void rotatingThroughAnIPv6Slash64IsOneAddressToTheLimitAndOneNetworkToTheUser() throws Exception {
        start(Map.of());

        for (int guess = 1; guess <= 10; guess++) {
            assertThat(signIn("2001:db8:1:2::" + Integer.toHexString(guess), "admin", "guess-" + guess)).isEqualTo(401);
        }
        assertThat(signIn("2001:db8:1:2:ffff::1", "admin", "guess-11")).as("a new address in the same /64")
                .isEqualTo(429);
        for (int guess = 12; guess <= 30; guess++) {
            assertThat(signIn("2001:db8:1:2::" + Integer.toHexString(guess), "someone-" + guess, "guess"))
                    .isEqualTo(401);
        }
        assertThat(signIn("2001:db8:1:2:abcd::1", "someone-else", "guess")).as("the /64's 31st attempt in 15 minutes")
                .isEqualTo(429);

        assertThat(signIn("2001:db8:1:3::1", "admin", PASSWORD)).as("the owner in the next /64").isEqualTo(303);
    }

    @Test
    void guessesSpreadOverManyNetworksMeetTheUsersCeiling() throws Exception {
        start(Map.of("DCR_LOGIN_PER_USER", "3/15m", "DCR_LOGIN_PER_USER_TOTAL", "6/15m"));

        for (int network = 1; network <= 3; network++) {
            for (int guess = 1; guess <= 2; guess++) {
                assertThat(signIn("192.0." + network + ".1", "admin", "guess-" + guess)).isEqualTo(401);
            }
        }

        // the ceiling bounds guessing from any number of networks, at the price of locking the owner out too
        assertThat(signIn(OWNER, "admin", PASSWORD)).isEqualTo(429);
    }

    /** A sign-in from {@code client} as the proxy reports it: the answer's status. */
    private int signIn(String client, String username, String password) throws Exception {
        String form = "username=" + Browser.enc(username) + "&password=" + Browser.enc(password) + "&csrf_token="
                + Browser.enc(csrfField) + "&authorization_request=&next=admin";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/o/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", csrfCookie)
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
