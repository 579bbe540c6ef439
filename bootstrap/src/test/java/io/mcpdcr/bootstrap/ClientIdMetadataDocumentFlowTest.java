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
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern HIDDEN = Pattern.compile("name=\"(csrf_token|authorization_request)\" value=\"([^\"]*)\"");
    private static final String VERIFIER = "client-id-metadata-document-flow-verifier-0123456789abc";
    private static final String CALLBACK = "http://localhost:48111/callback";

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> cookies = new HashMap<>();
    private HttpsDocumentServer documents;
    private Wiring wiring;
    private String base;
    private String clientId;

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
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        Map<String, String> env = Map.of("DCR_DATA_DIR", dataDir.toString(), "DCR_PORT", Integer.toString(port),
                "DCR_ISSUER", base, "DCR_DOCUMENT_HOSTS_ALLOWED", "localhost");
        wiring = Wiring.build(Settings.from(env), documents.trust());
        wiring.start("127.0.0.1", port);
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
        JsonNode metadata = JSON.readTree(get("/.well-known/oauth-authorization-server").body());
        assertThat(metadata.path("client_id_metadata_document_supported").asBoolean()).isTrue();

        HttpResponse<String> loginPage = get(authorize(clientId, CALLBACK));
        assertThat(loginPage.statusCode()).as(loginPage.body()).isEqualTo(200);
        HttpResponse<String> loggedIn = postForm("/o/login", Map.of("username", "alice",
                "password", "correct horse battery staple", "csrf_token", hidden(loginPage, "csrf_token"),
                "authorization_request", hidden(loginPage, "authorization_request")));
        HttpResponse<String> consent = get(loggedIn.headers().firstValue("Location").orElseThrow());
        assertThat(consent.body()).contains("Claude Code").contains("Published by").contains("localhost")
                .contains("only to this computer")
                .doesNotContain("registered itself");

        HttpResponse<String> approved = postForm("/o/consent", Map.of("decision", "approve",
                "csrf_token", hidden(consent, "csrf_token"),
                "authorization_request", hidden(consent, "authorization_request")));
        URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
        assertThat(callback.getPort()).isEqualTo(48111);

        HttpResponse<String> tokens = postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "client_id", clientId, "code", query(callback).get("code"), "redirect_uri", CALLBACK,
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

        HttpResponse<String> page = get(authorize(impostor, CALLBACK));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body()).contains("must equal the URL it is served from");

        HttpResponse<String> token = postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "client_id", impostor, "code", "abc", "code_verifier", VERIFIER));
        assertThat(token.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(token.body()).path("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void aRedirectUriOutsideTheDocumentIsNeverFollowed() throws Exception {
        HttpResponse<String> page = get(authorize(clientId, "https://evil.example/callback"));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
    }

    private String authorize(String client, String redirectUri) {
        return "/o/authorize/?response_type=code&client_id=" + enc(client) + "&redirect_uri=" + enc(redirectUri)
                + "&state=s1&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256";
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

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((k, v) -> header.append(header.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            request.header("Cookie", header.toString());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
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

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
