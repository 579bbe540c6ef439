package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.adapters.http.outbound.HttpsDocumentServer;
import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.adapters.http.outbound.HttpsDocumentServer.Answer;
import io.mcpdcr.domain.pkce.Pkce;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client identified by its metadata document, served by a local https server whose self-signed certificate only
 * this test trusts: the whole flow as Claude Code runs it, and the refusals.
 */
class ClientIdMetadataDocumentFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIER = "client-id-metadata-document-flow-verifier-0123456789abc";
    private static final String CALLBACK = "http://localhost:48111/callback";

    @TempDir
    Path dataDir;

    private HttpsDocumentServer documents;
    private Browser browser;
    private Wiring wiring;
    private String base;
    private String clientId;
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        documents = new HttpsDocumentServer(dataDir);
        clientId = documents.url("/oauth/claude-code-client-metadata");
        documents.serve("/oauth/claude-code-client-metadata", Answer.json("""
                {"client_id":"%s","client_name":"Claude Code","client_uri":"https://claude.ai",
                 "redirect_uris":["http://localhost/callback","http://127.0.0.1/callback"],
                 "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
                 "token_endpoint_auth_method":"none"}""".formatted(clientId)));
        int port;
        port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        env = Map.of("DCR_DATA_DIR", dataDir.toString(), "DCR_PORT", Integer.toString(port),
                "DCR_ISSUER", base, "DCR_DOCUMENT_HOSTS_ALLOWED", "localhost");
        wiring = Wiring.build(Settings.from(env), documents.trust());
        wiring.start("127.0.0.1", port);
        browser = new Browser(base);
        assertThat(AdminCommand.run(new String[] {"users", "add", "alice", "--password-stdin"}, env,
                new ByteArrayInputStream("correct horse battery staple\n".getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        wiring.close();
        documents.close();
    }

    @Test
    void aDocumentClientRunsTheWholeFlowOnALoopbackPort() throws Exception {
        JsonNode metadata = JSON.readTree(browser.get("/.well-known/oauth-authorization-server").body());
        assertThat(metadata.path("client_id_metadata_document_supported").asBoolean()).isTrue();

        HttpResponse<String> loginPage = browser.get(authorize(clientId, CALLBACK));
        assertThat(loginPage.statusCode()).as(loginPage.body()).isEqualTo(200);
        HttpResponse<String> loggedIn = browser.signIn(loginPage, "alice", "correct horse battery staple");
        HttpResponse<String> consent = browser.get(loggedIn.headers().firstValue("Location").orElseThrow());
        assertThat(consent.body()).contains("Claude Code").contains("Published by").contains("localhost")
                .contains("only to this computer")
                .doesNotContain("registered itself");

        HttpResponse<String> approved = browser.decide(consent, "approve");
        URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
        assertThat(callback.getPort()).isEqualTo(48111);

        HttpResponse<String> tokens = browser.postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "client_id", clientId, "code", Browser.query(approved).get("code"), "redirect_uri", CALLBACK,
                "code_verifier", VERIFIER));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(JSON.readTree(tokens.body()).path("refresh_token").asText()).isNotEmpty();
    }

    @Test
    void vsCodesPublishedDocumentRunsTheWholeFlowWithoutItsDeviceCodeGrant() throws Exception {
        String vsCode = documents.url("/oauth/client-metadata.json");
        documents.serve("/oauth/client-metadata.json", Answer.json(RealClients.document("vscode-client-metadata.json")
                .replace("https://vscode.dev/oauth/client-metadata.json", vsCode)));
        String callback = "http://127.0.0.1:33418/";

        HttpResponse<String> loginPage = browser.get(authorize(vsCode, callback));
        assertThat(loginPage.statusCode()).as(loginPage.body()).isEqualTo(200);
        HttpResponse<String> loggedIn = browser.signIn(loginPage, "alice", "correct horse battery staple");
        HttpResponse<String> consent = browser.get(loggedIn.headers().firstValue("Location").orElseThrow());
        assertThat(consent.body()).contains("Visual Studio Code");
        HttpResponse<String> approved = browser.decide(consent, "approve");
        HttpResponse<String> tokens = browser.postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "client_id", vsCode, "code", Browser.query(approved).get("code"), "redirect_uri", callback,
                "code_verifier", VERIFIER));

        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(JSON.readTree(tokens.body()).path("refresh_token").asText()).isNotEmpty();
    }

    @Test
    void aDocumentNamingAnotherClientIdIsAnErrorPageAndInvalidClient() throws Exception {
        String impostor = documents.url("/impostor.json");
        documents.serve("/impostor.json", Answer.json("""
                {"client_id":"https://claude.ai/oauth/claude-code-client-metadata","client_name":"Claude Code",
                 "redirect_uris":["http://localhost/callback"]}"""));

        HttpResponse<String> page = browser.get(authorize(impostor, CALLBACK));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body()).contains("must equal the URL it is served from");

        HttpResponse<String> token = browser.postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "client_id", impostor, "code", "abc", "code_verifier", VERIFIER));
        assertThat(token.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(token.body()).path("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void aRedirectUriOutsideTheDocumentIsNeverFollowed() throws Exception {
        HttpResponse<String> page = browser.get(authorize(clientId, "https://evil.example/callback"));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void aDocumentWhoseHostFailsKeepsItsClientWorkingOnTheLastGoodCopy() throws Exception {
        HttpResponse<String> loginPage = browser.get(authorize(clientId, CALLBACK));
        HttpResponse<String> loggedIn = browser.signIn(loginPage, "alice", "correct horse battery staple");
        HttpResponse<String> approved =
                browser.decide(browser.get(loggedIn.headers().firstValue("Location").orElseThrow()), "approve");
        HttpResponse<String> tokens = browser.postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "client_id", clientId, "code", Browser.query(approved).get("code"), "redirect_uri", CALLBACK,
                "code_verifier", VERIFIER));
        String refreshToken = JSON.readTree(tokens.body()).path("refresh_token").asText();

        documents.serve("/oauth/claude-code-client-metadata",
                new Answer(503, "text/plain", new byte[0], null, null, 0, 1));
        try (Database database = Database.open(Database.h2FileUrl(dataDir.resolve("dcr")), "", "", 1)) {
            int expired = database.jdbi().withHandle(handle -> handle.createUpdate(
                    "UPDATE oauth_client SET document_refresh_after = :past WHERE client_id = :id")
                    .bind("past", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1)).bind("id", clientId).execute());
            assertThat(expired).isOne();
        }

        HttpResponse<String> refreshed = browser.postForm("/o/token/", Map.of("grant_type", "refresh_token",
                "client_id", clientId, "refresh_token", refreshToken));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        HttpResponse<String> again = browser.get(authorize(clientId, CALLBACK));
        assertThat(again.statusCode()).as("the consent page, not an error").isIn(200, 302);
        assertThat(again.body()).doesNotContain("could not be fetched");
    }

    @Test
    void aFirstFetchIsARegistrationAndMeetsTheRegistrationLimit() throws Exception {
        restartWith(Map.of("DCR_REGISTER_PER_IP", "1/1h"));
        assertThat(browser.get(authorize(clientId, CALLBACK)).statusCode()).as("the first new document").isEqualTo(200);
        String second = documents.url("/second.json");
        documents.serve("/second.json", Answer.json("""
                {"client_id":"%s","client_name":"Second","redirect_uris":["http://localhost/callback"]}"""
                .formatted(second)));

        HttpResponse<String> page = browser.get(authorize(second, CALLBACK));
        assertThat(page.statusCode()).isEqualTo(429);
        assertThat(page.headers().firstValue("Retry-After")).isPresent();
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body()).contains("Too many new applications");

        HttpResponse<String> token = browser.postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "client_id", second, "code", "abc", "code_verifier", VERIFIER));
        assertThat(token.statusCode()).isEqualTo(429);
        assertThat(token.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(token.body()).path("error").asText()).isEqualTo("too_many_requests");

        assertThat(browser.get(authorize(clientId, CALLBACK)).statusCode()).as("a known document is no registration")
                .isEqualTo(200);
    }

    @Test
    void aFailedFetchNamesItsKindAndNoAddress() throws Exception {
        HttpResponse<String> page = browser.get(authorize(documents.url("/missing.json"), CALLBACK));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("answered HTTP 404").doesNotContain("Exception");
    }

    private void restartWith(Map<String, String> extra) throws Exception {
        wiring.close();
        Map<String, String> changed = new java.util.HashMap<>(env);
        changed.putAll(extra);
        int port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        changed.put("DCR_PORT", Integer.toString(port));
        changed.put("DCR_ISSUER", base);
        wiring = Wiring.build(Settings.from(changed), documents.trust());
        wiring.start("127.0.0.1", port);
        browser = new Browser(base);
    }

    private String authorize(String client, String redirectUri) {
        return "/o/authorize/?response_type=code&client_id=" + Browser.enc(client) + "&redirect_uri=" + Browser.enc(redirectUri)
                + "&state=s1&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256";
    }
}
