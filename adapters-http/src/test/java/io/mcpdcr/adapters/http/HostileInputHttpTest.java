package io.mcpdcr.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests written from the RFCs, each asserting the exact status and error code, that nothing was stored,
 * that no stack trace leaks, and that the server still answers the next request.
 */
class HostileInputHttpTest {
    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> registrations() {
        return Stream.of(
                // JSON shapes (RFC 8259) → invalid_client_metadata
                reg("{\"client_name\":\"x\",\"client_name\":\"y\",\"redirect_uris\":[\"https://a.example/cb\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"]}]", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],}", 400, "invalid_client_metadata"),
                reg("{client_name:\"x\"}", 400, "invalid_client_metadata"),
                reg("1", 400, "invalid_client_metadata"),
                reg("true", 400, "invalid_client_metadata"),
                reg("[]", 400, "invalid_client_metadata"),
                reg("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", 400, "invalid_client_metadata"),
                reg("{\"a\":" + "{\"b\":".repeat(40) + "1" + "}".repeat(40) + "}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\u0000\",\"redirect_uris\":[\"https://a.example/cb\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\\u0000\",\"redirect_uris\":[\"https://a.example/cb\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"\\ud800\",\"redirect_uris\":[\"https://a.example/cb\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"\\u202eedualC\",\"redirect_uris\":[\"https://a.example/cb\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"   \",\"redirect_uris\":[\"https://a.example/cb\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"" + "x".repeat(201) + "\",\"redirect_uris\":[\"https://a.example/cb\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":[\"x\"],\"redirect_uris\":[\"https://a.example/cb\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":1e999,\"redirect_uris\":[\"https://a.example/cb\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"grant_types\":\"authorization_code\"}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"grant_types\":[\"implicit\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"grant_types\":[\"refresh_token\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"grant_types\":[\"password\",\"authorization_code\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"grant_types\":[]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"response_types\":[\"code\",\"token\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"response_types\":[\"id_token\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"token_endpoint_auth_method\":\"tls_client_auth\"}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"token_endpoint_auth_method\":\"client_secret_jwt\"}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"token_endpoint_auth_method\":5}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"scope\":\"a\\\"b\"}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"scope\":[\"mcp\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"logo_uri\":\"javascript:alert(1)\"}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"logo_uri\":\"data:image/png;base64,AAAA\"}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"client_uri\":\"https://user:pw@a.example\"}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"tos_uri\":\"http://a.example\"}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"contacts\":\"a@b\"}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"contacts\":[\"a\\nb\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"application_type\":\"browser\"}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"software_id\":{}}", 400, "invalid_client_metadata"),
                // redirect URI tricks (RFC 6749 §3.1.2, RFC 8252 §7.3, RFC 9700 §4.1) → invalid_redirect_uri
                uri("http://example.com/cb"), uri("http://localhost.evil.com/cb"), uri("http://127.0.0.1.nip.io/cb"),
                uri("http://127.0.0.2/cb"), uri("http://0.0.0.0/cb"), uri("http://2130706433/cb"), uri("http://0x7f000001/cb"),
                uri("http://017700000001/cb"), uri("http://127.1/cb"), uri("http://[::ffff:127.0.0.1]/cb"),
                uri("http://[0:0:0:0:0:0:0:1]/cb"), uri("http://localhost./cb"), uri("http://localhost@evil.example/cb"),
                uri("https://user@a.example/cb"), uri("https://a.example/cb#"), uri("https://a.example/cb#x"),
                uri("https://*.example.com/cb"), uri("https://a.example/*"), uri("javascript:alert(1)"),
                uri("JAVASCRIPT:alert(1)"), uri("data:text/html,<script>"), uri("file:///etc/passwd"), uri("ftp://a.example/"),
                uri("vbscript:msgbox"), uri("cursor://anysphere.cursor-retrieval/oauth/callback"), uri("//a.example/cb"),
                uri("/cb"), uri("https:///cb"), uri("https://a.example:0/cb"), uri("https://a.example:65536/cb"),
                uri("https://a.example:/cb"), uri("https://a.example:0443/cb"), uri("https://a.example\\\\@evil/cb"),
                uri("https://a.example/c b"), uri("https://a.example/cb\\r\\nX: y"), uri("https://a.example/%00"),
                uri("https://a.example/%0d%0a"), uri("https://bücher.example/cb"), uri("https://a.example/\\t"),
                uri("https://[fe80::1%25eth0]/cb"), uri("https://a_b.example/cb"), uri(""), uri("https://" + "a".repeat(2000) + ".example/"),
                // look-alikes, encodings and case tricks that must not smuggle another host or a fragment in
                uri("HTTP://LOCALHOST.evil.example/cb"), uri("http://localhost%2F@evil.example/cb"),
                uri("http://127.0.0.1%23@evil.example/cb"), uri("http://[::1]@evil.example/cb"),
                uri("http://localhost:8080\\\\@evil.example/cb"), uri("https://a.example%2Fevil.example/cb"),
                uri("http://127.0.0.1:99999/cb"), uri(" https://a.example/cb"), uri("https://a.example/cb "),
                uri("http://localhost\u3002evil.example/cb"), uri("http://\u24dbocalhost/cb"),
                uri("https://a.example/cb%23x#y"),
                uri("HTTPS://A.EXAMPLE/cb#frag"), uri("http://127.0.0.1:8080:9090/cb"), uri("http://[::1/cb"),
                uri("http://::1/cb"), uri("http://0177.0.0.1/cb"), uri("http://127.000.000.001/cb"),
                uri("http://%6c%6f%63%61%6c%68%6f%73%74/cb"), uri("https://a.example/cb\u2028"),
                uri("https://a.example/\u202ecb"), uri("jar:https://a.example/x.jar!/"), uri("blob:https://a.example/uuid"),
                uri("about:blank"), uri("urn:ietf:wg:oauth:2.0:oob"), uri("http:/127.0.0.1/cb"), uri("http:127.0.0.1/cb"),
                // values of the wrong JSON type where strings and lists belong
                reg("{\"client_name\":null,\"redirect_uris\":[\"https://a.example/cb\"],\"grant_types\":null,\"response_types\":[null]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":true,\"redirect_uris\":[\"https://a.example/cb\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":{\"en\":\"x\"},\"redirect_uris\":[\"https://a.example/cb\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"grant_types\":[1]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"scope\":12}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example\\u0000.evil.example/cb\"]}", 400, "invalid_redirect_uri"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"contacts\":" + "[" + "\"a@b.example\",".repeat(2000) + "\"a@b.example\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"software_version\":\"" + "v".repeat(60_000) + "\"}", 400, "invalid_client_metadata"),
                reg("", 400, "invalid_client_metadata"),
                reg("   ", 400, "invalid_client_metadata"),
                reg("null", 400, "invalid_client_metadata"),
                reg("\"a string\"", 400, "invalid_client_metadata"),
                reg("{", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"]}{}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"]} // comment", 400, "invalid_client_metadata"),
                reg("{'client_name':'x','redirect_uris':['https://a.example/cb']}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"],\"redirect_uris\":[\"https://evil.example/cb\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":NaN,\"redirect_uris\":[\"https://a.example/cb\"]}", 400, "invalid_client_metadata"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":\"https://a.example/cb\"}", 400, "invalid_redirect_uri"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[1]}", 400, "invalid_redirect_uri"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":[null]}", 400, "invalid_redirect_uri"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":" + elevenUris() + "}", 400, "invalid_redirect_uri"),
                reg("{\"client_name\":\"x\",\"redirect_uris\":null}", 400, "invalid_redirect_uri"));
    }

    static Stream<Arguments> tokenRequests() {
        String client = "client_id=unknown-client";
        return Stream.of(
                form("/o/token/", "", 400, "invalid_request"),
                form("/o/token/", "grant_type=", 400, "invalid_request"),
                form("/o/token/", "grant_type=password&username=a&password=b&" + client, 400, "unsupported_grant_type"),
                form("/o/token/", "grant_type=client_credentials&" + client, 400, "unsupported_grant_type"),
                form("/o/token/", "grant_type=implicit&" + client, 400, "unsupported_grant_type"),
                form("/o/token/", "grant_type=authorization_code", 400, "invalid_request"),
                form("/o/token/", "grant_type=authorization_code&grant_type=authorization_code&" + client, 400, "invalid_request"),
                form("/o/token/", "grant_type=authorization_code&" + client + "&" + client, 400, "invalid_request"),
                form("/o/token/", "grant_type=authorization_code&" + client + "&code=a&code=b", 400, "invalid_request"),
                form("/o/token/", "grant_type=authorization_code&" + client + "&code=a", 401, "invalid_client"),
                form("/o/token/", "grant_type=authorization_code&client_id=%20&code=a&code_verifier=b", 400, "invalid_request"),
                form("/o/token/", "grant_type=authorization_code&client_id=%zz", 400, "invalid_request"),
                form("/o/token/", "grant_type=refresh_token&" + client, 401, "invalid_client"),
                form("/o/token/", "grant_type=refresh_token&" + client + "&refresh_token=a&refresh_token=b", 400, "invalid_request"),
                form("/o/token/", "grant_type=authorization_code&client_id=" + "x".repeat(3000) + "&code=a&code_verifier=b", 401, "invalid_client"),
                form("/o/revoke/", "", 400, "invalid_request"),
                form("/o/revoke/", "token=abc", 400, "invalid_request"),
                form("/o/revoke/", "token=abc&token=def&" + client, 400, "invalid_request"),
                form("/o/revoke/", "token=abc&" + client, 401, "invalid_client"),
                form("/o/introspect/", "token=abc", 401, "invalid_client"),
                form("/o/introspect/", "token=a&token=b", 401, "invalid_client"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("registrations")
    void refusesHostileRegistrations(String label, String body, int status, String error) {
        int before = server.registry.all().size();
        HttpResponse<String> response = server.registerBytes(body.getBytes(StandardCharsets.UTF_8), JSON);

        assertRefused(response, status, error);
        assertThat(server.registry.all()).as("nothing stored").hasSize(before);
        assertStillServes();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("tokenRequests")
    void refusesHostileBackChannelRequests(String label, String path, String body, int status, String error) {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertRefused(response, status, error);
        assertThat(server.stores.accessTokenCount()).as("no token issued").isZero();
        assertStillServes();
    }

    static Stream<Arguments> undecodableBodies() {
        byte[] valid = "{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"]}"
                .getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("a lone continuation byte", withByte(valid, 16, (byte) 0x80)),
                Arguments.of("an overlong slash", withBytes(valid, 16, (byte) 0xC0, (byte) 0xAF)),
                Arguments.of("a truncated sequence", withBytes(valid, 16, (byte) 0xE2, (byte) 0x82)),
                Arguments.of("an encoded surrogate", withBytes(valid, 16, (byte) 0xED, (byte) 0xA0, (byte) 0x80)),
                Arguments.of("a byte never valid in UTF-8", withByte(valid, 16, (byte) 0xFF)),
                Arguments.of("UTF-16 text", "{\"client_name\":\"x\"}".getBytes(StandardCharsets.UTF_16)),
                Arguments.of("Latin-1 text", "{\"client_name\":\"caf\u00e9\",\"redirect_uris\":[\"https://a.example/cb\"]}"
                        .getBytes(StandardCharsets.ISO_8859_1)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("undecodableBodies")
    void refusesBodiesThatAreNotUtf8(String label, byte[] body) {
        int before = server.registry.all().size();

        assertRefused(server.registerBytes(body, JSON), 400, "invalid_client_metadata");
        assertThat(server.registry.all()).as("nothing stored").hasSize(before);
        assertStillServes();
    }

    private static byte[] withByte(byte[] body, int at, byte inserted) {
        return withBytes(body, at, inserted);
    }

    private static byte[] withBytes(byte[] body, int at, byte... inserted) {
        byte[] result = new byte[body.length + inserted.length];
        System.arraycopy(body, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(body, at, result, at + inserted.length, body.length - at);
        return result;
    }

    @org.junit.jupiter.api.Test
    void answersOversizedHeadersQueriesAndBodiesWithJson() throws Exception {
        // Each on a connection of its own: the server closes the connection after refusing an oversized head, and a
        // pooled one the next request picked up while that close was under way was seen to read as a 400.
        HttpResponse<String> header = onNewConnection(HttpRequest.newBuilder(server.uri("/o/register/"))
                .header("X-Padding", "a".repeat(20_000))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertRefused(header, 431, "invalid_request");

        HttpResponse<String> query = onNewConnection(
                HttpRequest.newBuilder(server.uri("/o/authorize/?x=" + "a".repeat(20_000))).GET());
        assertRefused(query, 414, "invalid_request");

        assertThat(announceTenMegabytes("/o/register/", JSON)).startsWith("HTTP/1.1 413 ")
                .contains("\"error\":\"invalid_client_metadata\"").doesNotContain("Exception");
        assertThat(announceTenMegabytes("/o/token/", FORM)).startsWith("HTTP/1.1 413 ")
                .contains("\"error\":\"invalid_request\"").doesNotContain("Exception");
        assertStillServes();
    }

    private static HttpResponse<String> onNewConnection(HttpRequest.Builder request) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Announces a 10 MB body and sends its first kilobyte: the answer must come from the announced length alone. A raw
     * socket, because a client still writing megabytes when the server answers and closes may never read the answer.
     */
    private static String announceTenMegabytes(String path, String contentType) throws java.io.IOException {
        try (var socket = RawHttp.connect(server)) {
            var out = socket.getOutputStream();
            out.write(RawHttp.postHead(path, contentType, 10 * 1024 * 1024));
            out.write("a".repeat(1024).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Refused on its announced length, the request is not read on: the server answers and closes.
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertRefused(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(TestServer.json(response).path("error").asText()).isEqualTo(error);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static void assertStillServes() {
        assertThat(server.send(HttpRequest.newBuilder(server.uri("/health/live")).GET()).statusCode()).isEqualTo(200);
    }

    private static Arguments reg(String body, int status, String error) {
        return Arguments.of(body.length() > 80 ? body.substring(0, 80) + "…" : body, body, status, error);
    }

    /** A registration of one redirect URI, given as the text of a JSON string (so "\\r" is a carriage return). */
    private static Arguments uri(String jsonStringText) {
        return reg("{\"client_name\":\"x\",\"redirect_uris\":[\"" + jsonStringText + "\"]}", 400,
                "invalid_redirect_uri");
    }

    private static Arguments form(String path, String body, int status, String error) {
        String label = path + " " + (body.length() > 60 ? body.substring(0, 60) + "…" : body);
        return Arguments.of(label, path, body, status, error);
    }

    private static String elevenUris() {
        return "[" + String.join(",", Stream.generate(() -> "\"https://a.example/cb\"").limit(11).toList()) + "]";
    }
}
