package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8414 metadata, as an MCP client discovering the server reads it. */
class MetadataHttpTest {
    private static final String PATH = "/.well-known/oauth-authorization-server";

    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> metadata() {
        return server.send(HttpRequest.newBuilder(server.uri(PATH)).header("Origin", "http://localhost:6274").GET());
    }

    @Test
    void describesAnS256OnlyPublicClientServer() {
        HttpResponse<String> response = metadata();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.path("issuer").asText()).isEqualTo(TestServer.ISSUER);
        assertThat(body.path("authorization_endpoint").asText()).isEqualTo(TestServer.ISSUER + "/o/authorize/");
        assertThat(body.path("token_endpoint").asText()).isEqualTo(TestServer.ISSUER + "/o/token/");
        assertThat(body.path("registration_endpoint").asText()).isEqualTo(TestServer.ISSUER + "/o/register/");
        assertThat(body.path("revocation_endpoint").asText()).isEqualTo(TestServer.ISSUER + "/o/revoke/");
        assertThat(body.path("introspection_endpoint").asText()).isEqualTo(TestServer.ISSUER + "/o/introspect/");
        assertThat(texts(body, "response_types_supported")).containsExactly("code");
        assertThat(texts(body, "grant_types_supported")).containsExactly("authorization_code", "refresh_token");
        assertThat(texts(body, "code_challenge_methods_supported")).containsExactly("S256");
        // "none" for public clients (Claude checks for it), private_key_jwt for clients known by their document
        assertThat(texts(body, "token_endpoint_auth_methods_supported")).containsExactly("none", "private_key_jwt");
        assertThat(texts(body, "revocation_endpoint_auth_methods_supported")).containsExactly("none", "private_key_jwt");
        assertThat(texts(body, "token_endpoint_auth_signing_alg_values_supported"))
                .contains("RS256", "PS256", "ES256").doesNotContain("none", "HS256");
        assertThat(texts(body, "scopes_supported")).containsExactly("mcp", "profile", "offline_access");
        assertThat(body.path("authorization_response_iss_parameter_supported").isBoolean()).isTrue();
        assertThat(body.path("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
    }

    @Test
    void canBeReadCrossOrigin() {
        assertThat(metadata().headers().firstValue("Access-Control-Allow-Origin")).contains("*");

        HttpResponse<String> preflight = server.send(HttpRequest.newBuilder(server.uri(PATH))
                .header("Origin", "http://localhost:6274")
                .header("Access-Control-Request-Method", "GET")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    }

    /** Browser-based clients (MCP Inspector) call the advertised URLs, trailing slash included, cross-origin. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"token_endpoint", "registration_endpoint", "revocation_endpoint"})
    void advertisedBrowserEndpointsAnswerCorsPreflights(String member) {
        String path = json(metadata()).path(member).asText().substring(TestServer.ISSUER.length());

        HttpResponse<String> preflight = server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Origin", "http://localhost:6274")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                methods -> assertThat(methods).contains("POST"));
    }

    /** Each advertised URL, taken relative to the issuer, reaches a handler on this server (not a 404 or 405). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "authorization_endpoint, GET",
        "token_endpoint, POST",
        "registration_endpoint, POST",
        "revocation_endpoint, POST",
        "introspection_endpoint, POST",
    })
    void everyAdvertisedEndpointIsServed(String member, String method) {
        String url = json(metadata()).path(member).asText();
        assertThat(url).startsWith(TestServer.ISSUER + "/");

        HttpResponse<String> response = server.send(HttpRequest.newBuilder(
                        server.uri(url.substring(TestServer.ISSUER.length())))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString("")));

        assertThat(response.statusCode()).as(response.body()).isNotIn(404, 405);
    }

    private static List<String> texts(JsonNode body, String member) {
        assertThat(body.path(member).isArray()).as(member + " is an array").isTrue();
        List<String> values = new ArrayList<>();
        body.path(member).forEach(value -> values.add(value.asText()));
        return values;
    }
}
