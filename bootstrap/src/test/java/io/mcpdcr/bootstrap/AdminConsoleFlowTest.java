package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.domain.pkce.Pkce;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin console of the wired jar, over real sockets on the embedded H2 file: who may use it, CSRF on every action,
 * and what each action does to the client's and the user's tokens as a client and a resource server see them.
 */
class AdminConsoleFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-long-enough-verifier";
    private static final String REDIRECT = "http://127.0.0.1/callback";
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dataDir;

    private Wiring wiring;
    private String base;
    private Map<String, String> env;
    private Browser admin;
    private String resourceServerId;
    private String resourceServerSecret;

    @BeforeEach
    void start() throws Exception {
        int port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        env = new HashMap<>(Map.of("DCR_DATA_DIR", dataDir.toString(), "DCR_PORT", Integer.toString(port),
                "DCR_ISSUER", base));
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", port);
        assertThat(command(PASSWORD + "\n", "users", "add", "root", "--password-stdin", "--admin"))
                .contains("added user root");
        assertThat(command(PASSWORD + "\n", "users", "add", "alice", "--password-stdin")).contains("added user alice");
        String credentials = command("", "resource-servers", "add", "weather");
        resourceServerId = line(credentials, "client_id=");
        resourceServerSecret = line(credentials, "client_secret=");
        admin = signedIn("root");
    }

    @AfterEach
    void stop() {
        wiring.close();
    }

    @Test
    void strangersAreSentToSignInAndUsersWithoutTheRoleGet403() throws Exception {
        Browser stranger = new Browser(base);
        for (String page : new String[] {"/o/admin", "/o/admin/clients", "/o/admin/users"}) {
            HttpResponse<String> answer = stranger.get(page);
            assertThat(answer.statusCode()).as(page).isEqualTo(303);
            assertThat(answer.headers().firstValue("Location")).as(page).contains("/o/login?next=admin");
        }
        String clientId = register("Weather app");
        Browser alice = signedIn("alice");

        assertThat(alice.get("/o/admin/clients").statusCode()).isEqualTo(403);
        assertThat(alice.get("/o/admin/clients").body()).contains("This page is for administrators.");
        Map<String, String> form = clientForm(admin, clientId);
        assertThat(alice.postForm("/o/admin/client/disable", form).statusCode()).isEqualTo(403);
        assertThat(stranger.postForm("/o/admin/client/disable", form).statusCode()).isEqualTo(303);
        assertThat(authorizePage(new Browser(base), clientId).statusCode()).as("still enabled").isEqualTo(200);
    }

    @Test
    void anActionWithoutTheFormsTokenOrWithAnotherIsRefusedAndChangesNothing() throws Exception {
        String clientId = register("Weather app");

        HttpResponse<String> missing = admin.postForm("/o/admin/client/delete", Map.of("client_id", clientId));
        HttpResponse<String> wrong = admin.postForm("/o/admin/client/delete",
                Map.of("client_id", clientId, "csrf_token", "not-the-token"));
        HttpResponse<String> otherSession = admin.postForm("/o/admin/client/delete",
                clientForm(signedIn("root"), clientId));

        for (HttpResponse<String> refused : List.of(missing, wrong, otherSession)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("Form expired").doesNotContain("Exception");
        }
        assertThat(admin.get(clientPage(clientId)).statusCode()).as("not deleted").isEqualTo(200);
    }

    @Test
    void aDisabledClientIsRefusedAtAuthorizeItsTokensAreInactiveAndEnablingLetsItBackIn() throws Exception {
        String clientId = register("Weather app");
        JsonNode tokens = tokensFor("alice", clientId);
        assertThat(active(tokens.path("access_token").asText())).isTrue();

        HttpResponse<String> disabled = admin.postForm("/o/admin/client/disable", clientForm(admin, clientId));

        assertThat(disabled.statusCode()).isEqualTo(303);
        HttpResponse<String> page = admin.get(disabled.headers().firstValue("Location").orElseThrow());
        assertThat(page.body()).contains("The client is disabled and its tokens are revoked.")
                .contains("client_disabled").contains("root").contains("Enable");
        assertThat(active(tokens.path("access_token").asText())).isFalse();
        HttpResponse<String> refused = authorizePage(new Browser(base), clientId);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain("Sign in");

        HttpResponse<String> enabled = admin.postForm("/o/admin/client/enable", clientForm(admin, clientId));
        assertThat(admin.get(enabled.headers().firstValue("Location").orElseThrow()).body())
                .contains("The client is enabled.").contains("client_enabled");
        assertThat(authorizePage(new Browser(base), clientId).statusCode()).isEqualTo(200);
    }

    @Test
    void revokingAClientsTokensEndsThemAndKeepsTheClient() throws Exception {
        String clientId = register("Weather app");
        JsonNode tokens = tokensFor("alice", clientId);

        HttpResponse<String> revoked = admin.postForm("/o/admin/client/revoke", clientForm(admin, clientId));

        assertThat(admin.get(revoked.headers().firstValue("Location").orElseThrow()).body())
                .contains("The tokens are revoked.").contains("Live access tokens");
        assertThat(active(tokens.path("access_token").asText())).isFalse();
        assertThat(refresh(clientId, tokens).statusCode()).isEqualTo(400);
        assertThat(authorizePage(new Browser(base), clientId).statusCode()).isEqualTo(200);
    }

    @Test
    void aDeletedClientIsGone() throws Exception {
        String clientId = register("Weather app");
        JsonNode tokens = tokensFor("alice", clientId);

        HttpResponse<String> deleted = admin.postForm("/o/admin/client/delete", clientForm(admin, clientId));

        assertThat(deleted.headers().firstValue("Location")).contains("/o/admin/clients?done=deleted");
        assertThat(admin.get("/o/admin/clients?done=deleted").body())
                .contains("The client is deleted with its codes, tokens and consents.").doesNotContain(clientId);
        HttpResponse<String> gone = admin.get(clientPage(clientId));
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
        assertThat(gone.body()).as("the page, not the API's JSON").contains("No such client");
        assertThat(new Browser(base).get("/o/no-such-page").body()).contains("\"error\":\"not_found\"");
        assertThat(active(tokens.path("access_token").asText())).isFalse();
        assertThat(admin.postForm("/o/admin/client/delete", Map.of("client_id", clientId,
                "csrf_token", Browser.hidden(admin.get("/o/admin/users"), "csrf_token"))).statusCode()).isEqualTo(404);
    }

    @Test
    void revokingAUsersTokensEndsThemAndTheUsersAreListed() throws Exception {
        String clientId = register("Weather app");
        JsonNode tokens = tokensFor("alice", clientId);
        HttpResponse<String> users = admin.get("/o/admin/users");
        assertThat(users.body()).contains("alice").contains("root").contains("administrator");

        HttpResponse<String> revoked = admin.postForm("/o/admin/users/revoke",
                Map.of("csrf_token", Browser.hidden(users, "csrf_token"), "username", "alice"));

        assertThat(admin.get(revoked.headers().firstValue("Location").orElseThrow()).body())
                .contains("The tokens are revoked.");
        assertThat(active(tokens.path("access_token").asText())).isFalse();
        assertThat(admin.postForm("/o/admin/users/revoke",
                Map.of("csrf_token", Browser.hidden(users, "csrf_token"), "username", "nobody")).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aResolvedFindingIsShownResolved() throws Exception {
        execute("INSERT INTO finding (kind, subject, evidence, detected_at) VALUES ('SOURCE_FLOOD', '192.0.2.0/24',"
                + " '500 registrations in an hour', ?)", Timestamp.from(Instant.now()));
        HttpResponse<String> dashboard = admin.get("/o/admin");
        assertThat(dashboard.body()).contains("source_flood").contains("Mark resolved");
        long id = DatabaseRows.number(env, "SELECT MAX(id) FROM finding");

        HttpResponse<String> resolved = admin.postForm("/o/admin/findings/resolve",
                Map.of("csrf_token", Browser.hidden(dashboard, "csrf_token"), "finding_id", Long.toString(id)));

        assertThat(resolved.headers().firstValue("Location")).contains("/o/admin?done=resolved");
        assertThat(admin.get("/o/admin?done=resolved").body()).contains("The finding is marked resolved.")
                .contains("resolved 20").doesNotContain("Mark resolved");
        assertThat(admin.postForm("/o/admin/findings/resolve", Map.of("csrf_token",
                Browser.hidden(dashboard, "csrf_token"), "finding_id", "x")).statusCode()).isEqualTo(404);
    }

    @Test
    void theChartStacksCreatedRefusedAndThrottledAttempts() throws Exception {
        register("Weather app");
        assertThat(new Browser(base).postJson("/o/register/", "{\"redirect_uris\":[\"ftp://x\"]}").statusCode())
                .isEqualTo(400);
        execute("INSERT INTO throttle_count (hour_start, address, limit_name, attempts) VALUES (?, '192.0.2.9',"
                + " 'per-ip', 7)", Timestamp.from(Instant.now().truncatedTo(ChronoUnit.HOURS)));

        String body = admin.get("/o/admin").body();

        assertThat(body).contains("1 created").contains("1 refused").contains("7 throttled")
                .contains("class=\"bar created\"").contains("class=\"bar refused\"").contains("class=\"bar throttled\"");
    }

    @Test
    void searchFindsAClientByEachFieldAndPagesHoldFifty() throws Exception {
        insertClients(2000);

        HttpResponse<String> first = admin.get("/o/admin/clients");
        assertThat(rows(first)).isEqualTo(50);
        assertThat(first.body()).contains("client-1999").contains("rel=\"next\"").doesNotContain("rel=\"prev\"");
        HttpResponse<String> last = admin.get("/o/admin/clients?q=&page=39");
        assertThat(rows(last)).isEqualTo(50);
        assertThat(last.body()).contains("client-0000").doesNotContain("rel=\"next\"").contains("rel=\"prev\"");
        assertThat(rows(admin.get("/o/admin/clients?page=40"))).isZero();

        assertThat(search("client-1234")).containsExactly("client-1234");
        assertThat(search("App 1234")).containsExactly("client-1234");
        assertThat(search("host1234.example")).containsExactly("client-1234");
        assertThat(search("198.51.100.77")).hasSize(2000 / 250).contains("client-0077");
        assertThat(admin.get("/o/admin").body()).as("2,000 abandoned clients: 20 listed, the rest counted")
                .contains("and 1980 more.");
        assertThat(admin.get("/o/admin/clients?q=%3Cscript%3E&page=-1").body())
                .contains("No clients match.").doesNotContain("<script>");
    }

    private List<String> search(String text) throws Exception {
        String body = admin.get("/o/admin/clients?q=" + Browser.enc(text)).body();
        return Pattern.compile("<td class=\"mono\">(client-\\d{4})</td>").matcher(body).results()
                .map(match -> match.group(1)).toList();
    }

    private static int rows(HttpResponse<String> page) {
        return (int) Pattern.compile("<td class=\"mono\">client-\\d{4}</td>").matcher(page.body())
                .results().count();
    }

    /** Clients client-0000 (oldest) to client-{n-1}, each with its own name and host, 250 per address. */
    private void insertClients(int n) {
        Settings settings = Settings.from(env);
        try (Database database = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), 1)) {
            database.jdbi().useHandle(handle -> {
                var batch = handle.prepareBatch("INSERT INTO oauth_client (client_id, client_name, redirect_uris,"
                        + " grant_types, response_types, token_endpoint_auth_method, issued_at, registered_ip)"
                        + " VALUES (:id, :name, :uri, 'authorization_code', 'code', 'none', :at, :ip)");
                Instant start = Instant.parse("2026-01-01T00:00:00Z");
                for (int i = 0; i < n; i++) {
                    batch.bind("id", String.format("client-%04d", i))
                            .bind("name", String.format("App %04d", i))
                            .bind("uri", String.format("https://host%04d.example/cb", i))
                            .bind("at", Timestamp.from(start.plusSeconds(i)))
                            .bind("ip", "198.51.100." + (i % 250))
                            .add();
                }
                batch.execute();
            });
        }
    }

    private void execute(String sql, Object... arguments) {
        Settings settings = Settings.from(env);
        try (Database database = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), 1)) {
            database.jdbi().useHandle(handle -> handle.execute(sql, arguments));
        }
    }

    private String command(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdminCommand.run(args, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    private Browser signedIn(String username) throws Exception {
        Browser browser = new Browser(base);
        HttpResponse<String> loginPage = browser.get("/o/login?next=admin");
        HttpResponse<String> signedIn = browser.postForm("/o/login", Map.of("username", username, "password", PASSWORD,
                "csrf_token", Browser.hidden(loginPage, "csrf_token"), "authorization_request", "", "next", "admin"));
        assertThat(signedIn.headers().firstValue("Location")).contains("/o/admin");
        return browser;
    }

    private static Map<String, String> clientForm(Browser browser, String clientId) throws Exception {
        return Map.of("client_id", clientId,
                "csrf_token", Browser.hidden(browser.get(clientPage(clientId)), "csrf_token"));
    }

    private static String clientPage(String clientId) {
        return "/o/admin/client?client_id=" + Browser.enc(clientId);
    }

    private String register(String name) throws Exception {
        HttpResponse<String> registered = new Browser(base).postJson("/o/register/",
                "{\"client_name\":\"" + name + "\",\"redirect_uris\":[\"" + REDIRECT + "\"]}");
        assertThat(registered.statusCode()).isEqualTo(201);
        return JSON.readTree(registered.body()).path("client_id").asText();
    }

    private HttpResponse<String> authorizePage(Browser browser, String clientId) throws Exception {
        return browser.get("/o/authorize/?response_type=code&client_id=" + Browser.enc(clientId) + "&redirect_uri="
                + Browser.enc(REDIRECT) + "&scope=mcp&code_challenge=" + Pkce.s256(VERIFIER)
                + "&code_challenge_method=S256");
    }

    /** The user signs in at authorize, approves, and the client redeems the code. */
    private JsonNode tokensFor(String username, String clientId) throws Exception {
        Browser user = new Browser(base);
        HttpResponse<String> signedIn = user.signIn(authorizePage(user, clientId), username, PASSWORD);
        HttpResponse<String> approved = user.decide(user.get(signedIn.headers().firstValue("Location").orElseThrow()),
                "approve");
        HttpResponse<String> answer = user.postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "client_id", clientId, "code", Browser.query(approved).get("code"), "redirect_uri", REDIRECT,
                "code_verifier", VERIFIER));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> refresh(String clientId, JsonNode tokens) throws Exception {
        return new Browser(base).postForm("/o/token/", Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", tokens.path("refresh_token").asText()));
    }

    private boolean active(String accessToken) throws Exception {
        String basic = Base64.getEncoder().encodeToString(
                (resourceServerId + ":" + resourceServerSecret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = new Browser(base).send(HttpRequest.newBuilder(URI.create(base + "/o/introspect/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("token=" + Browser.enc(accessToken))));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("active").asBoolean();
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }
}
