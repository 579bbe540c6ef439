package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.domain.pkce.Pkce;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole MCP client journey against the wired jar, over real sockets: discovery, registration, login, consent,
 * code exchange with PKCE, refresh rotation, introspection and revocation. Subclasses pick the database.
 */
abstract class OAuthFlowContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-long-enough-verifier";
    private static final String REDIRECT = "http://127.0.0.1/callback";

    private Browser browser;
    private Wiring wiring;
    private String base;
    private Map<String, String> env;
    private LogCapture logs;

    /** The environment that selects this subclass's database. */
    abstract Map<String, String> databaseEnv();

    @BeforeEach
    void start() throws Exception {
        logs = new LogCapture();
        int port;
        port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        env = new HashMap<>(databaseEnv());
        env.put("DCR_PORT", Integer.toString(port));
        env.put("DCR_ISSUER", base);
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", port);
        browser = new Browser(base);
    }

    @AfterEach
    void stop() {
        wiring.close();
        logs.close();
    }

    @Test
    void mcpClientJourney() throws Exception {
        assertThat(admin("correct horse battery staple\n", "users", "add", "alice", "--password-stdin")).isZero();
        StringWriter rsOut = new StringWriter();
        assertThat(AdminCommand.run(new String[] {"resource-servers", "add", "weather-mcp"}, env,
                new ByteArrayInputStream(new byte[0]), new PrintWriter(rsOut, true), new PrintWriter(new StringWriter())))
                .isZero();
        String rsId = line(rsOut.toString(), "client_id=");
        String rsSecret = line(rsOut.toString(), "client_secret=");

        JsonNode metadata = JSON.readTree(browser.get("/.well-known/oauth-authorization-server").body());
        assertThat(metadata.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        String registrationEndpoint = metadata.path("registration_endpoint").asText();

        HttpResponse<String> registered = browser.postJson(registrationEndpoint, "{\"client_name\":\"Claude Code (weather)\","
                + "\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}");
        assertThat(registered.statusCode()).isEqualTo(201);
        String clientId = JSON.readTree(registered.body()).path("client_id").asText();

        String authorize = "/o/authorize/?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + Browser.enc("http://127.0.0.1:48123/callback") + "&state=xyz&scope=mcp"
                + "&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256";
        HttpResponse<String> loginPage = browser.get(authorize);
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.body()).contains("Sign in");

        HttpResponse<String> loggedIn = browser.signIn(loginPage, "alice", "correct horse battery staple");
        assertThat(loggedIn.statusCode()).isEqualTo(303);
        List<String> secrets = new ArrayList<>(List.of("correct horse battery staple", rsSecret, VERIFIER,
                Browser.hidden(loginPage, "csrf_token")));
        secrets.addAll(browser.cookieValues());

        HttpResponse<String> consentPage = browser.get(loggedIn.headers().firstValue("Location").orElseThrow());
        assertThat(consentPage.statusCode()).isEqualTo(200);
        assertThat(consentPage.body()).contains("Claude Code (weather)").contains("127.0.0.1");

        secrets.add(Browser.hidden(consentPage, "csrf_token"));
        HttpResponse<String> approved = browser.decide(consentPage, "approve");
        assertThat(approved.statusCode()).isEqualTo(303);
        URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
        assertThat(callback.getHost() + ":" + callback.getPort() + callback.getPath()).isEqualTo("127.0.0.1:48123/callback");
        Map<String, String> answer = Browser.query(approved);
        assertThat(answer).containsEntry("state", "xyz").containsEntry("iss", base);

        JsonNode tokens = token(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", answer.get("code"), "redirect_uri", "http://127.0.0.1:48123/callback", "code_verifier", VERIFIER));
        assertThat(tokens.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(tokens.path("scope").asText()).isEqualTo("mcp");
        String access = tokens.path("access_token").asText();
        secrets.addAll(List.of(answer.get("code"), access, tokens.path("refresh_token").asText()));

        JsonNode active = introspect(rsId, rsSecret, access);
        assertThat(active.path("active").asBoolean()).isTrue();
        assertThat(active.path("client_id").asText()).isEqualTo(clientId);
        assertThat(active.path("username").asText()).isEqualTo("alice");

        JsonNode refreshed = token(Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", tokens.path("refresh_token").asText()));
        assertThat(refreshed.path("refresh_token").asText()).isNotEqualTo(tokens.path("refresh_token").asText());
        HttpResponse<String> reused = browser.postForm("/o/token/", Map.of("grant_type", "refresh_token",
                "client_id", clientId, "refresh_token", tokens.path("refresh_token").asText()));
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(reused.body()).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(introspect(rsId, rsSecret, refreshed.path("access_token").asText()).path("active").asBoolean())
                .as("reuse of a rotated refresh token revokes the family").isFalse();

        JsonNode again = token(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", approveAgain(authorize), "redirect_uri", "http://127.0.0.1:48123/callback",
                "code_verifier", VERIFIER));
        assertThat(browser.postForm("/o/revoke/", Map.of("client_id", clientId, "token", again.path("refresh_token").asText()))
                .statusCode()).isEqualTo(200);
        assertThat(introspect(rsId, rsSecret, again.path("access_token").asText()).path("active").asBoolean()).isFalse();
        secrets.addAll(List.of(refreshed.path("access_token").asText(), refreshed.path("refresh_token").asText(),
                again.path("access_token").asText(), again.path("refresh_token").asText()));

        assertThat(logs.lines()).as("the session was logged").anyMatch(line -> line.contains(clientId));
        String dump = DatabaseDump.of(Settings.from(env));
        assertThat(dump).as("the dump holds the session's rows").contains(clientId).contains("alice");
        for (String secret : secrets) {
            assertThat(secret).isNotBlank();
            assertThat(logs.lines()).as("log lines").noneMatch(line -> line.contains(secret));
            assertThat(dump).as("database dump").doesNotContain(secret);
        }
    }

    @Test
    void aLoginSurvivesARestartOfTheServer() throws Exception {
        assertThat(admin("correct horse battery staple\n", "users", "add", "bob", "--password-stdin")).isZero();
        HttpResponse<String> registered = browser.postJson("/o/register/",
                "{\"client_name\":\"Inspector\",\"redirect_uris\":[\"" + REDIRECT + "\"]}");
        String authorize = "/o/authorize/?response_type=code&client_id="
                + JSON.readTree(registered.body()).path("client_id").asText()
                + "&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256";
        HttpResponse<String> loginPage = browser.get(authorize);
        assertThat(browser.signIn(loginPage, "bob", "correct horse battery staple").statusCode()).isEqualTo(303);

        wiring.close();
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", URI.create(base).getPort());

        HttpResponse<String> consentPage = browser.get(authorize);
        assertThat(consentPage.statusCode()).isEqualTo(200);
        assertThat(consentPage.body()).contains("Allow access?").contains("bob");
    }

    // ---- issue 13: the browser flow ----

    @Test
    void anErrorBeforeSignInIsShownWithALinkBackNeverRedirected() throws Exception {
        String clientId = register("https://attacker.example/landing");

        HttpResponse<String> answer = browser.get("/o/authorize/?client_id=" + clientId
                + "&response_type=x&redirect_uri=" + Browser.enc("https://attacker.example/landing") + "&state=s1");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
        assertThat(answer.body()).contains("Return to attacker.example")
                .contains("href=\"https://attacker.example/landing?error&#61;unsupported_response_type");
    }

    @Test
    void aConsentPageIsAnsweredOnceSoAnApproveReplayedAfterADenyIssuesNoCode() throws Exception {
        String authorize = authorize(register(REDIRECT), "http://127.0.0.1:48123/callback");
        HttpResponse<String> consentPage = signInAndConsentPage(authorize, "carol");

        HttpResponse<String> denied = browser.postForm("/o/consent", Browser.consentForm(consentPage, "deny", false));
        assertThat(Browser.query(denied)).containsEntry("error", "access_denied");
        HttpResponse<String> replay = browser.postForm("/o/consent", Browser.consentForm(consentPage, "approve", false));

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.headers().firstValue("Location")).isEmpty();
        assertThat(replay.body()).contains("already answered");
    }

    @Test
    void rememberedConsentNeverAnswersALoopbackRedirect() throws Exception {
        String clientId = register(REDIRECT);
        HttpResponse<String> consentPage = signInAndConsentPage(authorize(clientId, "http://127.0.0.1:48123/callback"),
                "dave");
        assertThat(consentPage.body()).doesNotContain("Remember my decision");
        // A crafted form ticks the box anyway: the code is issued, nothing is remembered.
        assertThat(browser.postForm("/o/consent", Browser.consentForm(consentPage, "approve", true)).statusCode())
                .isEqualTo(303);

        HttpResponse<String> otherProgram = browser.get(authorize(clientId, "http://127.0.0.1:50999/callback"));

        assertThat(otherProgram.statusCode()).isEqualTo(200);
        assertThat(otherProgram.body()).contains("Allow access?");
    }

    @Test
    void rememberedConsentAnswersOnlyTheHttpsRedirectItWasGivenFor() throws Exception {
        String clientId = register("https://app.example/cb\",\"https://app.example/other");
        HttpResponse<String> consentPage = signInAndConsentPage(authorize(clientId, "https://app.example/cb"), "erin");
        assertThat(consentPage.body()).contains("Remember my decision");
        assertThat(browser.postForm("/o/consent", Browser.consentForm(consentPage, "approve", true)).statusCode())
                .isEqualTo(303);

        HttpResponse<String> same = browser.get(authorize(clientId, "https://app.example/cb"));
        HttpResponse<String> other = browser.get(authorize(clientId, "https://app.example/other"));

        assertThat(same.statusCode()).isEqualTo(302);
        assertThat(Browser.query(same)).containsKey("code");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).contains("Allow access?");
    }

    @Test
    void signingOutEndsTheSessionEverywhereAndReturnsToTheRequest() throws Exception {
        String authorize = authorize(register(REDIRECT), "http://127.0.0.1:48123/callback");
        HttpResponse<String> consentPage = signInAndConsentPage(authorize, "frank");
        String session = browser.cookie("dcr_session").orElseThrow();

        HttpResponse<String> signedOut = browser.signOut(consentPage);

        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(signedOut.headers().firstValue("Location").orElseThrow()).isEqualTo(authorize.replace("/o/authorize/", "/o/authorize"));
        assertThat(browser.cookie("dcr_session")).isEmpty();
        HttpResponse<String> next = browser.get(signedOut.headers().firstValue("Location").orElseThrow());
        assertThat(next.body()).contains("Sign in");
        // The old cookie, replayed from elsewhere, is dead: the row is gone, not just the cookie.
        Browser thief = new Browser(base);
        thief.postForm("/o/logout", Map.of()); // no session: harmless
        HttpResponse<String> stolen = thief.send(HttpRequest.newBuilder(URI.create(base + authorize))
                .header("Cookie", "dcr_session=" + session));
        assertThat(stolen.body()).contains("Sign in").doesNotContain("Allow access?");
        // The consent page shown before signing out can no longer be answered.
        assertThat(browser.postForm("/o/consent", Browser.consentForm(consentPage, "approve", false)).statusCode())
                .isEqualTo(401);
    }

    private String register(String redirectUris) throws Exception {
        HttpResponse<String> registered = browser.postJson("/o/register/",
                "{\"client_name\":\"Issue 13\",\"redirect_uris\":[\"" + redirectUris + "\"]}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        return JSON.readTree(registered.body()).path("client_id").asText();
    }

    private static String authorize(String clientId, String redirectUri) {
        return "/o/authorize/?response_type=code&client_id=" + clientId + "&redirect_uri=" + Browser.enc(redirectUri)
                + "&state=xyz&scope=mcp&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256";
    }

    private HttpResponse<String> signInAndConsentPage(String authorize, String username) throws Exception {
        assertThat(admin("correct horse battery staple\n", "users", "add", username, "--password-stdin")).isZero();
        HttpResponse<String> loggedIn = browser.signIn(browser.get(authorize), username, "correct horse battery staple");
        assertThat(loggedIn.statusCode()).isEqualTo(303);
        HttpResponse<String> consentPage = browser.get(loggedIn.headers().firstValue("Location").orElseThrow());
        assertThat(consentPage.statusCode()).isEqualTo(200);
        return consentPage;
    }

    @Test
    void aChangedPasswordRevokesTheTokensAndConsentsIssuedBefore() throws Exception {
        assertThat(admin("correct horse battery staple\n", "users", "add", "heidi", "--password-stdin")).isZero();
        String redirect = "https://app.example.com/callback";
        String clientId = JSON.readTree(browser.postJson("/o/register/",
                "{\"client_name\":\"Web app\",\"redirect_uris\":[\"" + redirect + "\"]}").body()).path("client_id").asText();
        String authorize = "/o/authorize/?response_type=code&client_id=" + clientId + "&redirect_uri="
                + Browser.enc(redirect) + "&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256";
        JsonNode stolen = signInAndRemember(browser, authorize, clientId, "correct horse battery staple", redirect);

        assertThat(admin("another horse battery staple\n", "users", "passwd", "heidi", "--password-stdin")).isZero();

        HttpResponse<String> refresh = browser.postForm("/o/token/", Map.of("grant_type", "refresh_token",
                "client_id", clientId, "refresh_token", stolen.path("refresh_token").asText()));
        assertThat(refresh.statusCode()).as("a refresh token issued before the change").isEqualTo(400);
        assertThat(JSON.readTree(refresh.body()).path("error").asText()).isEqualTo("invalid_grant");
        // signInAndRemember finds the consent page: the remembered consent went with the old password
        Browser owner = new Browser(base);
        JsonNode kept = signInAndRemember(owner, authorize, clientId, "another horse battery staple", redirect);

        assertThat(admin("a third horse battery staple\n", "users", "passwd", "heidi", "--password-stdin",
                "--keep-tokens")).isZero();

        assertThat(owner.postForm("/o/token/", Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", kept.path("refresh_token").asText())).statusCode())
                .as("--keep-tokens keeps them").isEqualTo(200);
        assertThat(DatabaseDump.of(Settings.from(env))).as("the audit trail")
                .contains("USER_PASSWORD_CHANGED").contains("grants-revoked").contains("grants-kept");
    }

    /** Signs heidi in, approves with "remember my decision" on the consent page, and redeems the code. */
    private static JsonNode signInAndRemember(Browser someone, String authorize, String clientId, String password,
            String redirect) throws Exception {
        HttpResponse<String> signedIn = someone.signIn(someone.get(authorize), "heidi", password);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        HttpResponse<String> consentPage = someone.get(signedIn.headers().firstValue("Location").orElseThrow());
        assertThat(consentPage.body()).contains("Allow access?");
        HttpResponse<String> approved = someone.postForm("/o/consent", Browser.consentForm(consentPage, "approve", true));
        HttpResponse<String> answer = someone.postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "client_id", clientId, "code", Browser.query(approved).get("code"), "redirect_uri", redirect,
                "code_verifier", VERIFIER));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    @Test
    void unknownClientAtTheTokenEndpointIs401InvalidClient() throws Exception {
        HttpResponse<String> response = browser.postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "client_id", "no-such-client", "code", "x", "code_verifier", VERIFIER));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_client");
    }

    /** Issue 13 item 6: anyone can repeat these at will, so they grow counters, never a row each. */
    @Test
    void hostileTokenRevocationAndIntrospectionRequestsAreCountedNotStoredRowByRow() throws Exception {
        int requests = 40;
        // The database may be shared with the other tests of the class: compare before and after.
        wiring.flushAuditCounts();
        long events = rows("SELECT COUNT(*) FROM audit_event");
        long counted = rows("SELECT COALESCE(SUM(attempts), 0) FROM refusal_count");
        for (int i = 0; i < requests; i++) {
            assertThat(browser.postForm("/o/token/", Map.of("grant_type", "x" + i)).statusCode()).isEqualTo(400);
            assertThat(browser.postForm("/o/revoke/", Map.of("client_id", "no-such-client-" + i, "token", "t"))
                    .statusCode()).isEqualTo(401);
            assertThat(browser.send(HttpRequest.newBuilder(URI.create(base + "/o/introspect/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            ("rs-" + i + ":guess").getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString("token=t"))).statusCode()).isEqualTo(401);
        }

        wiring.flushAuditCounts();
        assertThat(rows("SELECT COUNT(*) FROM audit_event")).isEqualTo(events);
        assertThat(rows("SELECT COALESCE(SUM(attempts), 0) FROM refusal_count")).isEqualTo(counted + 3 * requests);
        assertThat(rows("SELECT COUNT(*) FROM refusal_count WHERE address = '127.0.0.1' AND ((action = 'TOKEN'"
                + " AND error_code = 'unsupported_grant_type') OR (action IN ('REVOCATION', 'INTROSPECTION')"
                + " AND error_code = 'invalid_client'))")).isEqualTo(3);
    }

    /**
     * Issue 13 item 6: a flood of refused token requests from one address, each on a new connection, all at once.
     * Each used to add to its count in the database before answering, all waiting on the same row, so the connection
     * pool ran dry and some answered 503. Counted in memory and written in a batch, every one is answered 400
     * (refused) or 429 (throttled), and every one is in the counts once they are flushed.
     */
    @Test
    void aFloodOfRefusedTokenRequestsFromOneAddressIsAnsweredAndCountedWithoutA5xx() throws Exception {
        int requests = 1000;
        wiring.flushAuditCounts();
        String counted = "SELECT (SELECT COALESCE(SUM(attempts), 0) FROM refusal_count WHERE address = '127.0.0.1'"
                + " AND action = 'TOKEN' AND error_code = 'unsupported_grant_type')"
                + " + (SELECT COALESCE(SUM(attempts), 0) FROM throttle_count WHERE address = '127.0.0.1'"
                + " AND limit_name = 'token-per-ip')";
        long before = rows(counted);

        Map<String, Integer> answers = RawBurst.statuses(URI.create(base).getPort(), requests,
                i -> RawBurst.form("/o/token/", "grant_type=x" + i));

        assertThat(answers.keySet()).as("what %d refused token requests got: %s", requests, answers)
                .isSubsetOf("HTTP/1.1 400", "HTTP/1.1 429");
        wiring.flushAuditCounts();
        assertThat(rows(counted)).isEqualTo(before + requests);
    }

    /** Issue 13 item 3: with DCR_DEFAULT_RESOURCE a token requested without a resource is bound to it. */
    @Test
    void aTokenRequestedWithoutAResourceIsBoundToTheDefaultResource() throws Exception {
        String resource = "https://mcp.example.com/mcp";
        wiring.close();
        env.put("DCR_DEFAULT_RESOURCE", resource);
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", URI.create(base).getPort());
        assertThat(admin("correct horse battery staple\n", "users", "add", "grace", "--password-stdin")).isZero();
        StringWriter bound = new StringWriter();
        StringWriter unbound = new StringWriter();
        AdminCommand.run(new String[] {"resource-servers", "add", "mcp", "--resource", resource}, env,
                new ByteArrayInputStream(new byte[0]), new PrintWriter(bound, true), new PrintWriter(new StringWriter()));
        AdminCommand.run(new String[] {"resource-servers", "add", "any"}, env,
                new ByteArrayInputStream(new byte[0]), new PrintWriter(unbound, true), new PrintWriter(new StringWriter()));
        String clientId = JSON.readTree(browser.postJson("/o/register/",
                "{\"client_name\":\"Inspector\",\"redirect_uris\":[\"" + REDIRECT + "\"]}").body())
                .path("client_id").asText();
        String authorize = "/o/authorize/?response_type=code&client_id=" + clientId + "&scope=mcp"
                + "&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256";
        browser.signIn(browser.get(authorize), "grace", "correct horse battery staple");
        String code = approveAgain(authorize);

        String access = token(Map.of("grant_type", "authorization_code", "client_id", clientId, "code", code,
                "code_verifier", VERIFIER)).path("access_token").asText();

        JsonNode atBound = introspect(line(bound.toString(), "client_id="), line(bound.toString(), "client_secret="),
                access);
        assertThat(atBound.path("active").asBoolean()).isTrue();
        assertThat(atBound.path("aud").asText()).isEqualTo(resource);
        assertThat(introspect(line(unbound.toString(), "client_id="), line(unbound.toString(), "client_secret="),
                access).path("active").asBoolean()).isFalse();
    }

    private long rows(String sql) {
        return DatabaseRows.number(env, sql);
    }

    /** The session cookie is still set, so a second authorization goes straight to consent. */
    private String approveAgain(String authorize) throws Exception {
        return Browser.query(browser.decide(browser.get(authorize), "approve")).get("code");
    }

    private int admin(String stdin, String... args) {
        return AdminCommand.run(args, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    private JsonNode token(Map<String, String> form) throws Exception {
        HttpResponse<String> response = browser.postForm("/o/token/", form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        return JSON.readTree(response.body());
    }

    private JsonNode introspect(String id, String secret, String token) throws Exception {
        String basic = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(base + "/o/introspect/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("token=" + Browser.enc(token))));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }
}
