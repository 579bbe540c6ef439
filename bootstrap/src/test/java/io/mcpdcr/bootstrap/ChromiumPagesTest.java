package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.mcpdcr.domain.pkce.Pkce;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The pages in a real browser: Debian's headless Chromium, driven through chromedriver, against the wired server. It
 * signs in, allows an application, revokes it on the account page, signs out, opens the admin console and an error
 * page, checking what each shows, and saves a screenshot of each in {@code target/screenshots/}. Without Chromium the
 * test is skipped, unless {@code DCR_BROWSER_REQUIRED=true} (as {@code .ci/run} sets): then it fails.
 */
class ChromiumPagesTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery staple";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-long-enough-verifier";

    @TempDir
    Path dataDir;
    @TempDir
    Path profileDir;

    private Wiring wiring;
    private Map<String, String> env;
    private String base;
    private HttpServer callback;
    private String redirectUri;
    private WebDriver chromium;

    @BeforeEach
    void start() throws IOException {
        int port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        env = Map.of("DCR_DATA_DIR", dataDir.toString(), "DCR_PORT", Integer.toString(port), "DCR_ISSUER", base);
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", port);
        // The application's redirect URI: a page that says the browser arrived.
        callback = Chromium.applicationPage();
        redirectUri = "http://127.0.0.1:" + callback.getAddress().getPort() + "/callback";
        chromium = Chromium.start(profileDir);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.quit();
        }
        if (callback != null) {
            callback.stop(0);
        }
        wiring.close();
    }

    @Test
    void signInConsentAccountAdminAndErrorPages() throws Exception {
        admin(PASSWORD + "\n", "users", "add", "alice", "--password-stdin");
        admin(PASSWORD + "\n", "users", "add", "root", "--password-stdin", "--admin");
        var http = new Browser(base);
        HttpResponse<String> registered = http.postJson("/o/register/",
                "{\"client_name\":\"Weather assistant\",\"redirect_uris\":[\"" + redirectUri + "\"]}");
        String clientId = JSON.readTree(registered.body()).path("client_id").asText();

        chromium.get(base + "/o/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8) + "&scope=mcp&state=s1&code_challenge="
                + Pkce.s256(VERIFIER) + "&code_challenge_method=S256");
        assertThat(heading()).isEqualTo("Sign in");
        assertThat(text("p.lead")).contains("An application wants to connect to your account");
        screenshot("01-sign-in");
        signIn("alice");

        assertThat(heading()).isEqualTo("Allow access?");
        assertThat(text("p.lead")).contains("Weather assistant wants to access your account as alice");
        assertThat(text("main")).contains("127.0.0.1", "Manage the applications you allowed");
        screenshot("02-consent");
        chromium.findElement(By.cssSelector("button[value=approve]")).click();

        Chromium.await(() -> chromium.getCurrentUrl().startsWith(redirectUri + "?code="));
        assertThat(heading()).isEqualTo("Back in the application");
        String code = chromium.getCurrentUrl().replaceAll(".*[?&]code=([^&]+).*", "$1");
        JsonNode tokens = JSON.readTree(http.postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", redirectUri, "client_id", clientId, "code_verifier", VERIFIER)).body());
        assertThat(tokens.path("refresh_token").asText()).isNotEmpty();

        chromium.get(base + "/o/account");
        assertThat(heading()).isEqualTo("Applications you allowed");
        assertThat(text("table")).contains("Weather assistant", "127.0.0.1", "mcp", "UTC");
        screenshot("03-account");
        chromium.findElement(By.xpath("//tr[td[text()='Weather assistant']]//button[text()='Revoke']")).click();

        Chromium.await(() -> chromium.getCurrentUrl().endsWith("/o/account?done=revoked"));
        assertThat(text("p.notice")).startsWith("Access revoked.");
        assertThat(text("main")).contains("You have not allowed any application.").doesNotContain("Weather assistant");
        screenshot("04-account-revoked");
        HttpResponse<String> refresh = http.postForm("/o/token/", Map.of("grant_type", "refresh_token",
                "refresh_token", tokens.path("refresh_token").asText(), "client_id", clientId));
        assertThat(refresh.statusCode()).as("the revoked application's refresh token").isEqualTo(400);
        chromium.findElement(By.xpath("//button[text()='Sign out']")).click();

        Chromium.await(() -> heading().equals("Signed out"));
        screenshot("05-signed-out");
        chromium.get(base + "/o/admin");
        assertThat(chromium.getCurrentUrl()).endsWith("/o/login?next=admin");
        assertThat(text("p.lead")).isEqualTo("Sign in to see the registrations page.");
        signIn("root");

        Chromium.await(() -> heading().equals("Registrations"));
        assertThat(text("main")).contains("Latest registrations", "Weather assistant");
        screenshot("06-admin");

        chromium.get(base + "/o/authorize?response_type=code&client_id=no-such-client");
        assertThat(heading()).isEqualTo("This request cannot be completed");
        assertThat(text("main")).contains("invalid_request").doesNotContain("Exception");
        screenshot("07-error");
    }

    private void signIn(String username) {
        chromium.findElement(By.id("username")).sendKeys(username);
        chromium.findElement(By.id("password")).sendKeys(PASSWORD);
        chromium.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private String heading() {
        return text("h1");
    }

    private String text(String css) {
        return chromium.findElement(By.cssSelector(css)).getText();
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"),
                ((ChromeDriver) chromium).getScreenshotAs(OutputType.BYTES));
    }


    private void admin(String stdin, String... args) {
        assertThat(AdminCommand.run(args, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))).isZero();
    }
}
