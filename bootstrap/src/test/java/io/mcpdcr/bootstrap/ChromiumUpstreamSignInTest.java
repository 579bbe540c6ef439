package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.mcpdcr.domain.pkce.Pkce;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A person signs in at an OpenID Connect provider in a real browser (Debian's headless Chromium) and completes the MCP
 * flow; someone outside the allowed domain sees the refusal page. The provider is mock-oauth2-server with its
 * interactive login form; the server has only the {@code DCR_OIDC_*} variables and an allowed domain. Skipped
 * without Chromium, unless {@code DCR_BROWSER_REQUIRED=true}.
 */
class ChromiumUpstreamSignInTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-long-enough-verifier";

    @TempDir
    Path dataDir;
    @TempDir
    Path profileDir;

    private MockOAuth2Server provider;
    private Wiring wiring;
    private String base;
    private HttpServer application;
    private String redirectUri;
    private WebDriver chromium;

    @BeforeEach
    void start() throws Exception {
        provider = new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"interactiveLogin\": true}"));
        provider.start(InetAddress.getByName("127.0.0.1"), FreePort.pick());
        int port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        Map<String, String> env = Map.of("DCR_DATA_DIR", dataDir.toString(), "DCR_PORT", Integer.toString(port),
                "DCR_ISSUER", base, "DCR_OIDC_ISSUER", provider.issuerUrl("corp").toString(),
                "DCR_OIDC_CLIENT_ID", "dcr-at-corp", "DCR_OIDC_CLIENT_SECRET", "corp-client-secret",
                "DCR_OIDC_NAME", "Corp SSO", "DCR_LOGIN_ALLOWED_DOMAINS", "example.com");
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", port);
        application = Chromium.applicationPage();
        redirectUri = "http://127.0.0.1:" + application.getAddress().getPort() + "/callback";
        chromium = Chromium.start(profileDir);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.quit();
        }
        application.stop(0);
        wiring.close();
        provider.shutdown();
    }

    @Test
    void aPersonSignsInAtTheProviderAndCompletesTheMcpFlow() throws Exception {
        var http = new Browser(base);
        String clientId = register(http);
        chromium.get(authorizeUrl(clientId));
        assertThat(text("h1")).isEqualTo("Sign in");
        assertThat(chromium.findElements(By.id("password"))).as("no local form without local").isEmpty();
        screenshot("11-sign-in-with-provider");
        chromium.findElement(By.linkText("Sign in with Corp SSO")).click();

        Chromium.await(() -> !chromium.findElements(By.name("claims")).isEmpty());
        chromium.findElement(By.name("username")).sendKeys("alice.browser");
        chromium.findElement(By.name("claims")).sendKeys(
                "{\"email\":\"alice@example.com\",\"email_verified\":true,\"name\":\"Alice Browser\"}");
        screenshot("12-provider-login");
        chromium.findElement(By.cssSelector("input[type=submit]")).click();

        Chromium.await(() -> chromium.getCurrentUrl().startsWith(base) && "Allow access?".equals(heading()));
        assertThat(text("p.lead")).contains("Weather assistant wants to access your account as "
                + "Alice Browser (alice@example.com)");
        screenshot("13-consent-after-provider");
        chromium.findElement(By.cssSelector("button[value=approve]")).click();

        Chromium.await(() -> chromium.getCurrentUrl().startsWith(redirectUri + "?code="));
        String code = query(chromium.getCurrentUrl()).get("code");
        HttpResponse<String> tokens = http.postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "client_id", clientId, "code", code, "redirect_uri", redirectUri, "code_verifier", VERIFIER));
        assertThat(tokens.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(tokens.body());
        HttpResponse<String> refreshed = http.postForm("/o/token/", Map.of("grant_type", "refresh_token",
                "client_id", clientId, "refresh_token", answer.path("refresh_token").asText()));
        assertThat(refreshed.statusCode()).isEqualTo(200);
    }

    @Test
    void someoneOutsideTheAllowedDomainSeesWhyTheyAreRefused() throws Exception {
        chromium.get(authorizeUrl(register(new Browser(base))));
        chromium.findElement(By.linkText("Sign in with Corp SSO")).click();
        Chromium.await(() -> !chromium.findElements(By.name("claims")).isEmpty());
        chromium.findElement(By.name("username")).sendKeys("mallory");
        chromium.findElement(By.name("claims")).sendKeys(
                "{\"email\":\"mallory@elsewhere.org\",\"email_verified\":true}");
        chromium.findElement(By.cssSelector("input[type=submit]")).click();

        Chromium.await(() -> chromium.getCurrentUrl().startsWith(base) && "Sign-in refused".equals(heading()));
        assertThat(text("p.lead")).contains("Your email address mallory@elsewhere.org is not in a domain this "
                + "service admits");
        screenshot("14-refused-by-domain");
    }

    private String register(Browser http) throws Exception {
        HttpResponse<String> registered = http.postJson("/o/register/",
                "{\"client_name\":\"Weather assistant\",\"redirect_uris\":[\"" + redirectUri + "\"]}");
        return JSON.readTree(registered.body()).path("client_id").asText();
    }

    private String authorizeUrl(String clientId) {
        return base + "/o/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8) + "&scope=mcp&state=s1&code_challenge="
                + Pkce.s256(VERIFIER) + "&code_challenge_method=S256";
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new java.util.HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    /** The page's heading, or empty while there is none (a page still loading, or the provider's). */
    private String heading() {
        return chromium.findElements(By.cssSelector("h1")).stream().findFirst().map(h1 -> h1.getText()).orElse("");
    }

    private String text(String css) {
        return chromium.findElement(By.cssSelector(css)).getText();
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((ChromeDriver) chromium).getScreenshotAs(OutputType.BYTES));
    }

}
