package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.adapters.http.outbound.HttpsDocumentServer;
import io.mcpdcr.adapters.http.outbound.HttpsDocumentServer.Answer;
import io.mcpdcr.domain.pkce.Pkce;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real MCP clients' registration bodies and metadata documents (under {@code real-clients/}, sources in its README)
 * against the wired service on a default install: each reaches an authorization code and tokens, or is refused with
 * a description naming the setting that changes the answer, and that setting is shown to work.
 */
class RealClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIER = "real-clients-verifier-0123456789-0123456789-abcdefgh";
    private static final String USER = "alice";
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dataDir;

    private HttpsDocumentServer documents;
    private Wiring wiring;
    private String base;

    @BeforeEach
    void start() throws Exception {
        documents = new HttpsDocumentServer(dataDir);
        startWith(Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        wiring.close();
        documents.close();
    }

    @ParameterizedTest(name = "{0} registers and reaches a code at {1}")
    @CsvSource({
        "claude-registration.json,       https://claude.ai/api/mcp/auth_callback",
        "claude-code-registration.json,  http://localhost:54213/callback",
        "vscode-registration.json,       http://127.0.0.1:33418/",
        "vscode-registration.json,       http://127.0.0.1:50417/",
        "chatgpt-registration.json,      https://chatgpt.com/connector/oauth/Vh3xq5dWzK0c",
        "inspector-registration.json,    http://localhost:6274/oauth/callback",
        "mcp-remote-registration.json,   http://localhost:3335/oauth/callback",
        "goose-registration.json,        http://127.0.0.1:53871/oauth_callback"})
    void aRegisteringClientReachesACodeOnADefaultInstall(String fixture, String redirectUri) throws Exception {
        HttpResponse<String> registered = register(fixture);

        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        JsonNode client = JSON.readTree(registered.body());
        assertThat(client.path("token_endpoint_auth_method").asText()).isEqualTo("none");
        assertReachesACodeAndTokens(client.path("client_id").asText(), redirectUri);
    }

    @ParameterizedTest(name = "{0} is published and reaches a code at {1}")
    @CsvSource({
        "claude-code-client-metadata.json, http://localhost:48111/callback",
        "vscode-client-metadata.json,      http://127.0.0.1:33418/",
        "goose-client-metadata.json,       http://127.0.0.1:50333/oauth_callback"})
    void aPublishedDocumentReachesACodeOnADefaultInstall(String fixture, String redirectUri) throws Exception {
        assertReachesACodeAndTokens(publish(fixture), redirectUri);
    }

    @Test
    void cursorIsRefusedNamingTheSettingThatLetsItRegister() throws Exception {
        HttpResponse<String> refused = register("cursor-registration.json");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("error").asText()).isEqualTo("invalid_redirect_uri");
        assertThat(JSON.readTree(refused.body()).path("error_description").asText()).contains("DCR_REDIRECT_SCHEMES");

        restartWith(Map.of("DCR_REDIRECT_SCHEMES", "cursor"));
        HttpResponse<String> registered = register("cursor-registration.json");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertReachesACodeAndTokens(JSON.readTree(registered.body()).path("client_id").asText(),
                "http://localhost:8787/callback");
    }

    /** The whole private_key_jwt flow, with keys made in the test, is PrivateKeyJwtFlowTest's. */
    @Test
    void chatGptsDocumentIsAcceptedAndItsClientMustSendAnAssertion() throws Exception {
        String clientId = publish("chatgpt-client-metadata.json");
        String callback = "https://chatgpt.com/connector_platform_oauth_redirect";

        HttpResponse<String> loginPage = new Browser(base).get(authorize(clientId, callback));
        assertThat(loginPage.statusCode()).as(loginPage.body()).isEqualTo(200);

        HttpResponse<String> noAssertion = new Browser(base).postForm("/o/token/", Map.of("grant_type",
                "authorization_code", "client_id", clientId, "code", "abc", "code_verifier", VERIFIER));
        assertThat(noAssertion.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(noAssertion.body()).path("error_description").asText()).contains("private_key_jwt");
    }

    @Test
    void goosesRegistrationOnEveryStartMeetsTheAddressLimit() throws Exception {
        restartWith(Map.of("DCR_REGISTER_PER_IP", "2/1h"));
        assertThat(register("goose-registration.json").statusCode()).isEqualTo(201);
        assertThat(register("goose-registration.json").statusCode()).isEqualTo(201);

        HttpResponse<String> third = register("goose-registration.json");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).isPresent();
    }

    /** Signs in, approves, follows the redirect's code to the token endpoint: what every client does next. */
    private void assertReachesACodeAndTokens(String clientId, String redirectUri) throws Exception {
        Browser browser = new Browser(base);
        HttpResponse<String> loginPage = browser.get(authorize(clientId, redirectUri));
        assertThat(loginPage.statusCode()).as(loginPage.body()).isEqualTo(200);
        HttpResponse<String> loggedIn = browser.signIn(loginPage, USER, PASSWORD);
        HttpResponse<String> consent = browser.get(loggedIn.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> approved = browser.decide(consent, "approve");
        assertThat(approved.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).startsWith(redirectUri + "?"));

        HttpResponse<String> tokens = browser.postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "client_id", clientId, "code", Browser.query(approved).get("code"), "redirect_uri", redirectUri,
                "code_verifier", VERIFIER));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(JSON.readTree(tokens.body()).path("refresh_token").asText()).isNotEmpty();
    }

    private HttpResponse<String> register(String fixture) throws Exception {
        return new Browser(base).postJson("/o/register/", RealClients.document(fixture));
    }

    /** Serves a published document at a local URL, its client_id rewritten to that URL: the new client_id. */
    private String publish(String fixture) throws Exception {
        String document = RealClients.document(fixture);
        String published = JSON.readTree(document).path("client_id").asText();
        String path = "/" + fixture;
        documents.serve(path, Answer.json(document.replace(published, documents.url(path))));
        return documents.url(path);
    }

    private String authorize(String clientId, String redirectUri) {
        return "/o/authorize/?response_type=code&client_id=" + Browser.enc(clientId) + "&redirect_uri="
                + Browser.enc(redirectUri) + "&state=s1&code_challenge=" + Pkce.s256(VERIFIER)
                + "&code_challenge_method=S256";
    }

    private void restartWith(Map<String, String> settings) throws Exception {
        wiring.close();
        startWith(settings);
    }

    private void startWith(Map<String, String> settings) throws Exception {
        int port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        Map<String, String> env = new HashMap<>(Map.of("DCR_DATA_DIR", dataDir.toString(),
                "DCR_PORT", Integer.toString(port), "DCR_ISSUER", base, "DCR_DOCUMENT_HOSTS_ALLOWED", "localhost"));
        env.putAll(settings);
        wiring = Wiring.build(Settings.from(env), documents.trust());
        wiring.start("127.0.0.1", port);
        AdminCommand.run(new String[] {"users", "add", USER, "--password-stdin"}, env,
                new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }
}
