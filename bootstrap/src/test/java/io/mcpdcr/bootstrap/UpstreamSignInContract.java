package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.domain.pkce.Pkce;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in through an OpenID Connect provider nobody here wrote (NAV's mock-oauth2-server, which signs real tokens
 * with its own keys), against the wired server over sockets: the whole MCP flow, the allow rules, and each way a
 * callback can go wrong. Subclasses pick the database.
 */
abstract class UpstreamSignInContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-long-enough-verifier";
    private static final String CLIENT_REDIRECT = "http://127.0.0.1:48123/callback";
    private static final Pattern PROVIDER_LINK = Pattern.compile("href=\"(/o/login/oidc/start[^\"]*)\"");

    private final HttpClient atProvider = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private MockOAuth2Server provider;
    private Wiring wiring;
    private Browser browser;
    private String base;
    private Map<String, String> env;
    private LogCapture logs;

    abstract Map<String, String> databaseEnv();

    @BeforeEach
    void start() throws Exception {
        logs = new LogCapture();
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getByName("127.0.0.1"), FreePort.pick());
        int port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        env = new HashMap<>(databaseEnv());
        env.put("DCR_PORT", Integer.toString(port));
        env.put("DCR_ISSUER", base);
        env.put("DCR_OIDC_ISSUER", provider.issuerUrl("corp").toString());
        env.put("DCR_OIDC_CLIENT_ID", "dcr-at-corp");
        env.put("DCR_OIDC_CLIENT_SECRET", "corp-client-secret");
        env.put("DCR_OIDC_NAME", "Corp SSO");
        env.put("DCR_LOGIN_ALLOWED_DOMAINS", "example.com");
        env.put("DCR_LOGIN_REQUIRED_CLAIM", "groups=mcp-users");
        env.put("DCR_LOGIN_ADMINS", "alice@example.com");
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", port);
        browser = new Browser(base);
    }

    @AfterEach
    void stop() {
        wiring.close();
        provider.shutdown();
        logs.close();
    }

    @Test
    void anMcpClientCompletesTheWholeFlowWithAPersonSignedInAtTheProvider() throws Exception {
        JsonNode metadata = JSON.readTree(browser.get("/.well-known/oauth-authorization-server").body());
        HttpResponse<String> registered = browser.postJson(metadata.path("registration_endpoint").asText(),
                "{\"client_name\":\"Claude Code (weather)\",\"redirect_uris\":[\"http://127.0.0.1/callback\"],"
                        + "\"token_endpoint_auth_method\":\"none\"}");
        assertThat(registered.statusCode()).isEqualTo(201);
        String clientId = JSON.readTree(registered.body()).path("client_id").asText();
        String authorize = authorize(clientId);

        HttpResponse<String> loginPage = browser.get(authorize);
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.body()).contains("Sign in with Corp SSO").doesNotContain("type=\"password\"");

        HttpResponse<String> signedIn = signInAtProvider(loginPage, person("alice-sub", "alice@example.com", true,
                List.of("staff", "mcp-users")));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).startsWith("/o/authorize?");

        HttpResponse<String> consentPage = browser.get(signedIn.headers().firstValue("Location").orElseThrow());
        assertThat(consentPage.statusCode()).as("our own consent, per MCP client").isEqualTo(200);
        assertThat(consentPage.body()).contains("Allow access?").contains("Claude Code (weather)")
                .contains("Alice Example (alice@example.com)");

        HttpResponse<String> approved = browser.decide(consentPage, "approve");
        Map<String, String> answer = Browser.query(approved);
        assertThat(answer).containsEntry("state", "xyz");
        JsonNode tokens = token(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", answer.get("code"), "redirect_uri", CLIENT_REDIRECT, "code_verifier", VERIFIER));
        assertThat(tokens.path("access_token").asText()).isNotEmpty();
        JsonNode refreshed = token(Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", tokens.path("refresh_token").asText()));
        assertThat(refreshed.path("access_token").asText()).isNotEmpty();

        StringWriter users = new StringWriter();
        assertThat(AdminCommand.run(new String[] {"users", "list"}, env, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(users, true), new PrintWriter(new StringWriter()))).isZero();
        assertThat(users.toString()).as("provisioned, with its source, and made admin by DCR_LOGIN_ADMINS")
                .contains("oidc:alice-sub\toidc\tadmin");
        assertThat(count("SELECT COUNT(*) FROM audit_event WHERE action = 'UPSTREAM_LOGIN' AND outcome = 'succeeded'"
                + " AND username = 'oidc:alice-sub'"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM external_identity WHERE email = 'alice@example.com'"
                + " AND display_name = 'Alice Example (alice@example.com)'")).isEqualTo(1);
        assertThat(logs.lines().stream().filter(line -> line.contains("i.m.") || line.contains("io.mcpdcr")))
                .as("our log lines").isNotEmpty()
                .noneMatch(line -> line.contains("corp-client-secret") || line.contains(answer.get("code")));
        assertThat(DatabaseDump.of(Settings.from(env))).doesNotContain("corp-client-secret");
    }

    @Test
    void theAllowRulesAreCheckedAtEverySignInAndARefusalIsExplainedAndAudited() throws Exception {
        String authorize = authorize(register());
        HttpResponse<String> first = signInAtProvider(browser.get(authorize),
                person("carol-sub", "carol@example.com", true, List.of("mcp-users")));
        assertThat(first.statusCode()).isEqualTo(303);

        Browser later = new Browser(base);
        HttpResponse<String> again = signInAtProvider(later, later.get(authorize),
                person("carol-sub", "carol@example.com", true, List.of("staff")));
        assertThat(again.statusCode()).as("left the group since").isEqualTo(403);
        assertThat(again.body()).contains("Sign-in refused").contains("mcp-users").contains("groups");

        Browser outsider = new Browser(base);
        HttpResponse<String> outside = signInAtProvider(outsider, outsider.get(authorize),
                person("mallory-sub", "mallory@other.org", true, List.of("mcp-users")));
        assertThat(outside.statusCode()).isEqualTo(403);
        assertThat(outside.body()).contains("mallory@other.org is not in a domain this service admits");

        Browser unverified = new Browser(base);
        HttpResponse<String> unchecked = signInAtProvider(unverified, unverified.get(authorize),
                person("trudy-sub", "trudy@example.com", false, List.of("mcp-users")));
        assertThat(unchecked.statusCode()).isEqualTo(403);
        assertThat(unchecked.body()).contains("no verified email address");

        assertThat(count("SELECT COUNT(*) FROM audit_event WHERE action = 'UPSTREAM_LOGIN' AND outcome = 'refused'"
                + " AND error_code = 'domain_not_allowed' AND username = 'mallory@other.org'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM audit_event WHERE action = 'UPSTREAM_LOGIN' AND outcome = 'refused'"
                + " AND error_code = 'claim_missing' AND username = 'carol@example.com'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM audit_event WHERE action = 'UPSTREAM_LOGIN' AND outcome = 'refused'"
                + " AND error_code = 'email_unverified' AND username = 'trudy@example.com'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM user_account WHERE username IN ('oidc:mallory-sub', 'oidc:trudy-sub')"))
                .as("nothing created for a refused person").isZero();
        assertThat(outsider.cookie("dcr_session")).isEmpty();
    }

    @Test
    void aCallbackIsSpentOnceAndOnlyInTheBrowserThatStartedIt() throws Exception {
        String authorize = authorize(register());
        HttpResponse<String> loginPage = browser.get(authorize);
        URI callback = callbackFromProvider(loginPage, person("dave-sub", "dave@example.com", true,
                List.of("mcp-users")));

        Browser elsewhere = new Browser(base);
        HttpResponse<String> stolen = elsewhere.get(callback.toString());
        assertThat(stolen.statusCode()).as("another browser, without the binding cookie").isEqualTo(400);
        assertThat(stolen.body()).contains("not started in this browser");

        assertThat(browser.get(callback.toString()).statusCode()).isEqualTo(303);
        HttpResponse<String> replayed = browser.get(callback.toString());
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(replayed.body()).contains("already used");

        HttpResponse<String> forged = browser.get("/o/login/oidc/callback?code=abc&state=made-up-state");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("Sign-in not recognised");
    }

    @Test
    void anExpiredTransactionAndAProviderErrorEachShowAClearPage() throws Exception {
        String authorize = authorize(register());
        URI late = callbackFromProvider(browser.get(authorize), person("erin-sub", "erin@example.com", true,
                List.of("mcp-users")));
        execute("UPDATE upstream_transaction SET expires_at = created_at");
        HttpResponse<String> expired = browser.get(late.toString());
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(expired.body()).contains("Sign-in expired");

        HttpResponse<String> started = browser.get(startLink(browser.get(authorize)));
        String state = queryOf(URI.create(started.headers().firstValue("Location").orElseThrow())).get("state");
        HttpResponse<String> denied = browser.get("/o/login/oidc/callback?error=access_denied&state=" + state
                + "&error_description=" + Browser.enc("<script>alert(1)</script>"));
        assertThat(denied.statusCode()).isEqualTo(400);
        assertThat(denied.body()).contains("did not sign you in: access was denied").doesNotContain("<script>");
        assertThat(count("SELECT COUNT(*) FROM user_account WHERE username = 'oidc:erin-sub'")).isZero();
    }

    @Test
    void aProviderThatIsDownShowsAPageAndIsDiscoveredOnceItIsBack() throws Exception {
        int port = URI.create(provider.issuerUrl("corp").toString()).getPort();
        provider.shutdown();
        String authorize = authorize(register());
        long transactions = count("SELECT COUNT(*) FROM upstream_transaction");
        HttpResponse<String> loginPage = browser.get(authorize);
        HttpResponse<String> down = browser.get(startLink(loginPage));
        assertThat(down.statusCode()).isEqualTo(502);
        assertThat(down.body()).contains("Corp SSO cannot be reached right now");
        assertThat(count("SELECT COUNT(*) FROM upstream_transaction")).as("nothing stored").isEqualTo(transactions);

        provider = new MockOAuth2Server();
        provider.start(InetAddress.getByName("127.0.0.1"), port);
        HttpResponse<String> back = signInAtProvider(browser.get(authorize), person("frank-sub", "frank@example.com",
                true, List.of("mcp-users")));
        assertThat(back.statusCode()).isEqualTo(303);
    }

    // ---- helpers ----

    private String register() throws Exception {
        HttpResponse<String> registered = browser.postJson("/o/register/", "{\"client_name\":\"Inspector\","
                + "\"redirect_uris\":[\"http://127.0.0.1/callback\"],\"token_endpoint_auth_method\":\"none\"}");
        return JSON.readTree(registered.body()).path("client_id").asText();
    }

    private static String authorize(String clientId) {
        return "/o/authorize/?response_type=code&client_id=" + clientId + "&redirect_uri="
                + Browser.enc(CLIENT_REDIRECT) + "&state=xyz&scope=mcp&code_challenge=" + Pkce.s256(VERIFIER)
                + "&code_challenge_method=S256";
    }

    private static DefaultOAuth2TokenCallback person(String subject, String email, boolean verified,
            List<String> groups) {
        return new DefaultOAuth2TokenCallback("corp", subject, "JWT", null, Map.of("email", email,
                "email_verified", verified, "name", email.startsWith("alice") ? "Alice Example" : subject,
                "groups", groups), 3600);
    }

    private HttpResponse<String> signInAtProvider(HttpResponse<String> loginPage, DefaultOAuth2TokenCallback who)
            throws Exception {
        return signInAtProvider(browser, loginPage, who);
    }

    /** Presses the provider's button, signs in there as {@code who}, and follows the redirect back to us. */
    private HttpResponse<String> signInAtProvider(Browser in, HttpResponse<String> loginPage,
            DefaultOAuth2TokenCallback who) throws Exception {
        return in.get(callbackFromProvider(in, loginPage, who).toString());
    }

    private URI callbackFromProvider(HttpResponse<String> loginPage, DefaultOAuth2TokenCallback who)
            throws Exception {
        return callbackFromProvider(browser, loginPage, who);
    }

    private URI callbackFromProvider(Browser in, HttpResponse<String> loginPage, DefaultOAuth2TokenCallback who)
            throws Exception {
        HttpResponse<String> started = in.get(startLink(loginPage));
        assertThat(started.statusCode()).isEqualTo(303);
        URI atProviderUri = URI.create(started.headers().firstValue("Location").orElseThrow());
        assertThat(queryOf(atProviderUri)).containsKeys("state", "nonce", "code_challenge")
                .containsEntry("code_challenge_method", "S256");
        provider.enqueueCallback(who);
        HttpResponse<String> back = atProvider.send(HttpRequest.newBuilder(atProviderUri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).as("the provider redirects back").isEqualTo(302);
        URI callback = URI.create(back.headers().firstValue("Location").orElseThrow());
        assertThat(callback.toString()).startsWith(base + "/o/login/oidc/callback?");
        return callback;
    }

    private static String startLink(HttpResponse<String> loginPage) {
        Matcher link = PROVIDER_LINK.matcher(loginPage.body());
        assertThat(link.find()).as("a Sign in with button").isTrue();
        return link.group(1).replace("&amp;", "&").replace("&#61;", "=").replace("&#x3D;", "=");
    }

    private static Map<String, String> queryOf(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return params;
    }

    private JsonNode token(Map<String, String> form) throws Exception {
        HttpResponse<String> response = browser.postForm("/o/token/", form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private long count(String sql) {
        return DatabaseRows.number(env, sql);
    }

    private void execute(String sql) {
        Settings settings = Settings.from(env);
        try (Database database = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), 1)) {
            database.jdbi().useHandle(handle -> handle.execute(sql));
        }
    }
}
