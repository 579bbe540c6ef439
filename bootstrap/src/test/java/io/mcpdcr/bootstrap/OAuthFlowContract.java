package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.domain.pkce.Pkce;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole MCP client journey against the wired jar, over real sockets: discovery, registration, login, consent,
 * code exchange with PKCE, refresh rotation, introspection and revocation. Subclasses pick the database.
 */
abstract class OAuthFlowContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HIDDEN = Pattern.compile("name=\"(csrf_token|authorization_request)\" value=\"([^\"]*)\"");
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-long-enough-verifier";
    private static final String REDIRECT = "http://127.0.0.1/callback";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> cookies = new HashMap<>();
    private Wiring wiring;
    private String base;
    private Map<String, String> env;

    /** The environment that selects this subclass's database. */
    abstract Map<String, String> databaseEnv();

    @BeforeEach
    void start() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        env = new HashMap<>(databaseEnv());
        env.put("DCR_PORT", Integer.toString(port));
        env.put("DCR_ISSUER", base);
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", port);
    }

    @AfterEach
    void stop() {
        wiring.close();
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

        JsonNode metadata = JSON.readTree(get("/.well-known/oauth-authorization-server").body());
        assertThat(metadata.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        String registrationEndpoint = metadata.path("registration_endpoint").asText();

        HttpResponse<String> registered = send(HttpRequest.newBuilder(URI.create(registrationEndpoint))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_name\":\"Claude Code (weather)\","
                        + "\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}")));
        assertThat(registered.statusCode()).isEqualTo(201);
        String clientId = JSON.readTree(registered.body()).path("client_id").asText();

        String authorize = "/o/authorize/?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + enc("http://127.0.0.1:48123/callback") + "&state=xyz&scope=mcp"
                + "&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256";
        HttpResponse<String> loginPage = get(authorize);
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.body()).contains("Sign in");

        HttpResponse<String> loggedIn = postForm("/o/login", Map.of(
                "username", "alice", "password", "correct horse battery staple",
                "csrf_token", hidden(loginPage, "csrf_token"),
                "authorization_request", hidden(loginPage, "authorization_request")));
        assertThat(loggedIn.statusCode()).isEqualTo(303);

        HttpResponse<String> consentPage = get(loggedIn.headers().firstValue("Location").orElseThrow());
        assertThat(consentPage.statusCode()).isEqualTo(200);
        assertThat(consentPage.body()).contains("Claude Code (weather)").contains("127.0.0.1");

        HttpResponse<String> approved = postForm("/o/consent", Map.of(
                "decision", "approve",
                "csrf_token", hidden(consentPage, "csrf_token"),
                "authorization_request", hidden(consentPage, "authorization_request")));
        assertThat(approved.statusCode()).isEqualTo(303);
        URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
        assertThat(callback.getHost() + ":" + callback.getPort() + callback.getPath()).isEqualTo("127.0.0.1:48123/callback");
        Map<String, String> answer = query(callback);
        assertThat(answer).containsEntry("state", "xyz").containsEntry("iss", base);

        JsonNode tokens = token(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", answer.get("code"), "redirect_uri", "http://127.0.0.1:48123/callback", "code_verifier", VERIFIER));
        assertThat(tokens.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(tokens.path("scope").asText()).isEqualTo("mcp");
        String access = tokens.path("access_token").asText();

        JsonNode active = introspect(rsId, rsSecret, access);
        assertThat(active.path("active").asBoolean()).isTrue();
        assertThat(active.path("client_id").asText()).isEqualTo(clientId);
        assertThat(active.path("username").asText()).isEqualTo("alice");

        JsonNode refreshed = token(Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", tokens.path("refresh_token").asText()));
        assertThat(refreshed.path("refresh_token").asText()).isNotEqualTo(tokens.path("refresh_token").asText());
        HttpResponse<String> reused = postForm("/o/token/", Map.of("grant_type", "refresh_token",
                "client_id", clientId, "refresh_token", tokens.path("refresh_token").asText()));
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(reused.body()).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(introspect(rsId, rsSecret, refreshed.path("access_token").asText()).path("active").asBoolean())
                .as("reuse of a rotated refresh token revokes the family").isFalse();

        JsonNode again = token(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", approveAgain(authorize), "redirect_uri", "http://127.0.0.1:48123/callback",
                "code_verifier", VERIFIER));
        assertThat(postForm("/o/revoke/", Map.of("client_id", clientId, "token", again.path("refresh_token").asText()))
                .statusCode()).isEqualTo(200);
        assertThat(introspect(rsId, rsSecret, again.path("access_token").asText()).path("active").asBoolean()).isFalse();
    }

    @Test
    void aLoginSurvivesARestartOfTheServer() throws Exception {
        assertThat(admin("correct horse battery staple\n", "users", "add", "bob", "--password-stdin")).isZero();
        HttpResponse<String> registered = send(HttpRequest.newBuilder(URI.create(base + "/o/register/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"client_name\":\"Inspector\",\"redirect_uris\":[\"" + REDIRECT + "\"]}")));
        String authorize = "/o/authorize/?response_type=code&client_id="
                + JSON.readTree(registered.body()).path("client_id").asText()
                + "&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256";
        HttpResponse<String> loginPage = get(authorize);
        assertThat(postForm("/o/login", Map.of("username", "bob", "password", "correct horse battery staple",
                "csrf_token", hidden(loginPage, "csrf_token"),
                "authorization_request", hidden(loginPage, "authorization_request"))).statusCode()).isEqualTo(303);

        wiring.close();
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", URI.create(base).getPort());

        HttpResponse<String> consentPage = get(authorize);
        assertThat(consentPage.statusCode()).isEqualTo(200);
        assertThat(consentPage.body()).contains("Allow access?").contains("bob");
    }

    @Test
    void unknownClientAtTheTokenEndpointIs401InvalidClient() throws Exception {
        HttpResponse<String> response = postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "client_id", "no-such-client", "code", "x", "code_verifier", VERIFIER));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_client");
    }

    /** The session cookie is still set, so a second authorization goes straight to consent. */
    private String approveAgain(String authorize) throws Exception {
        HttpResponse<String> consentPage = get(authorize);
        HttpResponse<String> approved = postForm("/o/consent", Map.of("decision", "approve",
                "csrf_token", hidden(consentPage, "csrf_token"),
                "authorization_request", hidden(consentPage, "authorization_request")));
        return query(URI.create(approved.headers().firstValue("Location").orElseThrow())).get("code");
    }

    private int admin(String stdin, String... args) {
        return AdminCommand.run(args, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    private JsonNode token(Map<String, String> form) throws Exception {
        HttpResponse<String> response = postForm("/o/token/", form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        return JSON.readTree(response.body());
    }

    private JsonNode introspect(String id, String secret, String token) throws Exception {
        String basic = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/o/introspect/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("token=" + enc(token))));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String pathOrUri) throws Exception {
        URI uri = pathOrUri.startsWith("/") ? URI.create(base + pathOrUri) : URI.create(pathOrUri);
        return send(HttpRequest.newBuilder(uri).GET());
    }

    private HttpResponse<String> postForm(String path, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** Sends with the cookies collected so far, and collects the ones the answer sets. */
    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((k, v) -> header.append(header.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            request.header("Cookie", header.toString());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax");
            String pair = setCookie.split(";", 2)[0];
            cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return response;
    }

    private static String hidden(HttpResponse<String> page, String name) {
        Matcher matcher = HIDDEN.matcher(page.body());
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2).replace("&amp;", "&").replace("&#61;", "=").replace("&#x3D;", "=");
            }
        }
        throw new AssertionError("no hidden field " + name + " in " + page.body());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
