package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import io.mcpdcr.adapters.http.outbound.HttpsDocumentServer;
import io.mcpdcr.adapters.http.outbound.HttpsDocumentServer.Answer;
import io.mcpdcr.domain.pkce.Pkce;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ChatGPT's published document (private_key_jwt, keys at a jwks_uri), served by a local https host, against the wired
 * server: the code and refresh grants and revocation with client assertions signed by a key made here, and every
 * forged assertion refused as invalid_client.
 */
class PrivateKeyJwtFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIER = "private-key-jwt-flow-verifier-0123456789-abcdefghijklmn";
    private static final String CALLBACK = "https://chatgpt.com/connector_platform_oauth_redirect";
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dataDir;

    private HttpsDocumentServer documents;
    private Wiring wiring;
    private Browser browser;
    private String base;
    private String chatGpt;
    private ClientAssertions key;

    @BeforeEach
    void start() throws Exception {
        documents = new HttpsDocumentServer(dataDir);
        key = ClientAssertions.rsa("chatgpt-1");
        documents.serve("/oauth/jwks.json", Answer.json(key.publicJwkSet()));
        chatGpt = documents.url("/oauth/client.json");
        documents.serve("/oauth/client.json", Answer.json(RealClients.document("chatgpt-client-metadata.json")
                .replace("https://chatgpt.com/oauth/client.json", chatGpt)
                .replace("https://chatgpt.com/oauth/jwks.json", documents.url("/oauth/jwks.json"))));
        int port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        Map<String, String> env = Map.of("DCR_DATA_DIR", dataDir.toString(), "DCR_PORT", Integer.toString(port),
                "DCR_ISSUER", base, "DCR_DOCUMENT_HOSTS_ALLOWED", "localhost");
        wiring = Wiring.build(Settings.from(env), documents.trust());
        wiring.start("127.0.0.1", port);
        browser = new Browser(base);
        assertThat(AdminCommand.run(new String[] {"users", "add", "alice", "--password-stdin"}, env,
                new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        wiring.close();
        documents.close();
    }

    @Test
    void chatGptRedeemsRefreshesAndRevokesWithClientAssertions() throws Exception {
        JsonNode metadata = JSON.readTree(browser.get("/.well-known/oauth-authorization-server").body());
        assertThat(metadata.path("token_endpoint_auth_methods_supported").toString()).contains("private_key_jwt");

        HttpResponse<String> tokens = token(chatGpt, codeGrant(chatGpt, code(chatGpt)),
                key.sign(ClientAssertions.claims(chatGpt, tokenEndpoint()).build()));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.headers().firstValue("Cache-Control")).contains("no-store");
        String refresh = JSON.readTree(tokens.body()).path("refresh_token").asText();

        HttpResponse<String> rotated = token(chatGpt, Map.of("grant_type", "refresh_token", "refresh_token", refresh),
                key.sign(ClientAssertions.claims(chatGpt, base).build()));
        assertThat(rotated.statusCode()).as("the issuer is an audience too: " + rotated.body()).isEqualTo(200);

        HttpResponse<String> revoked = browser.postForm("/o/revoke/", Map.of("client_id", chatGpt,
                "token", JSON.readTree(rotated.body()).path("refresh_token").asText(),
                "client_assertion_type", JWT_BEARER,
                "client_assertion", key.sign(ClientAssertions.claims(chatGpt, tokenEndpoint()).build())));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    }

    @Test
    void aDocumentWithInlineKeysRedeemsItsCode() throws Exception {
        ClientAssertions ecKey = ClientAssertions.ec("inline-1");
        String inline = documents.url("/oauth/inline.json");
        documents.serve("/oauth/inline.json", Answer.json("""
                {"client_id":"%s","client_name":"Inline keys","redirect_uris":["%s"],
                 "token_endpoint_auth_method":"private_key_jwt","jwks":%s}"""
                .formatted(inline, CALLBACK, ecKey.publicJwkSet())));

        HttpResponse<String> tokens = token(inline, codeGrant(inline, code(inline)),
                ecKey.sign(ClientAssertions.claims(inline, tokenEndpoint()).build()));

        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    }

    @Test
    void forgedAssertionsAreInvalidClientAndLeaveTheCodeUnspent() throws Exception {
        String code = code(chatGpt);
        Map<String, String> grant = codeGrant(chatGpt, code);
        ClientAssertions otherKey = ClientAssertions.rsa("chatgpt-1");
        JWTClaimsSet good = ClientAssertions.claims(chatGpt, tokenEndpoint()).build();
        Map<String, String> forgeries = Map.of(
                "wrong key", otherKey.sign(good),
                "wrong audience", key.sign(ClientAssertions.claims(chatGpt, "https://other.example/o/token").build()),
                "alg none", ClientAssertions.unsigned(good),
                "HS256 keyed with the public key", key.signHmacWithPublicKey(good),
                "expired", key.sign(ClientAssertions.claims(chatGpt, tokenEndpoint())
                        .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5)))).build()),
                "iss differs from sub", key.sign(ClientAssertions.claims(chatGpt, tokenEndpoint())
                        .subject("https://evil.example/client.json").build()));
        for (Map.Entry<String, String> forgery : forgeries.entrySet()) {
            assertInvalidClient(forgery.getKey(), token(chatGpt, grant, forgery.getValue()), forgery.getValue());
        }
        HttpResponse<String> none = browser.postForm("/o/token/", withClient(chatGpt, grant));
        assertInvalidClient("no assertion", none, "");

        String once = key.sign(good);
        assertThat(token(chatGpt, grant, once).statusCode()).as("the code was never spent").isEqualTo(200);
        assertInvalidClient("replayed jti", token(chatGpt, grant, once), once);
    }

    private void assertInvalidClient(String forgery, HttpResponse<String> response, String assertion)
            throws Exception {
        assertThat(response.statusCode()).as(forgery + ": " + response.body()).isEqualTo(401);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").asText()).as(forgery).isEqualTo("invalid_client");
        assertThat(body.path("error_description").asText()).as(forgery).isNotBlank();
        if (!assertion.isEmpty()) {
            assertThat(response.body()).as(forgery + " never echoes the assertion").doesNotContain(assertion);
        }
    }

    private String tokenEndpoint() {
        return base + "/o/token/";
    }

    /** Signs in as alice and approves the client; answers the code. */
    private String code(String clientId) throws Exception {
        HttpResponse<String> loginPage = browser.get("/o/authorize/?response_type=code&client_id="
                + Browser.enc(clientId) + "&redirect_uri=" + Browser.enc(CALLBACK) + "&state=s1&code_challenge="
                + Pkce.s256(VERIFIER) + "&code_challenge_method=S256");
        assertThat(loginPage.statusCode()).as(loginPage.body()).isEqualTo(200);
        HttpResponse<String> loggedIn = browser.signIn(loginPage, "alice", PASSWORD);
        HttpResponse<String> consent = browser.get(loggedIn.headers().firstValue("Location").orElseThrow());
        return Browser.query(browser.decide(consent, "approve")).get("code");
    }

    private static Map<String, String> codeGrant(String clientId, String code) {
        return Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK,
                "code_verifier", VERIFIER);
    }

    private static Map<String, String> withClient(String clientId, Map<String, String> form) {
        Map<String, String> with = new HashMap<>(form);
        with.put("client_id", clientId);
        return with;
    }

    private HttpResponse<String> token(String clientId, Map<String, String> form, String assertion) throws Exception {
        Map<String, String> asserted = withClient(clientId, form);
        asserted.put("client_assertion_type", JWT_BEARER);
        asserted.put("client_assertion", assertion);
        return browser.postForm("/o/token/", asserted);
    }
}
