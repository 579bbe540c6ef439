package io.mcpdcr.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Browser-based clients (ChatGPT from https://chatgpt.com, MCP Inspector from localhost) call registration, token,
 * revocation and metadata cross-origin: the preflight from any origin is allowed, and the answer, error or not, is
 * readable by the page.
 */
class CorsHttpTest {
    private static final String ORIGIN = "https://chatgpt.com";

    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "preflight {1} {0}")
    @CsvSource({
        "/o/register/, POST", "/o/token/, POST", "/o/revoke/, POST", "/.well-known/oauth-authorization-server, GET"})
    void answersThePreflightFromAnyOrigin(String path, String method) {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "content-type, mcp-protocol-version")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isBetween(200, 299);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                methods -> assertThat(methods).contains(method));
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers"))
                .contains("content-type, mcp-protocol-version");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @ParameterizedTest(name = "POST {0} answers {2} readable cross-origin")
    @CsvSource(delimiter = '|', textBlock = """
        /o/register/ | application/json                  | 201 | {"client_name":"ChatGPT","redirect_uris":["https://chatgpt.com/connector/oauth/abc123"]}
        /o/token/    | application/x-www-form-urlencoded | 400 | grant_type=authorization_code
        /o/revoke/   | application/x-www-form-urlencoded | 401 | token=unknown&client_id=unknown
        """)
    void theAnswerCarriesTheAllowedOrigin(String path, String contentType, int status, String body) {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Origin", ORIGIN)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    }

    @Test
    void theMetadataIsReadableCrossOrigin() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(
                server.uri("/.well-known/oauth-authorization-server")).header("Origin", ORIGIN).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    }
}
