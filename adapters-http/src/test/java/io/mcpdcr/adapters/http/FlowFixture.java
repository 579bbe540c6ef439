package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpdcr.domain.token.ResourceServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A started server with one user, one registered public client and one resource server allowed to introspect, plus
 * the steps most flow tests share: sign in and approve, redeem the code, introspect.
 */
final class FlowFixture implements AutoCloseable {
    static final String USER = "alice";
    static final String PASSWORD = "correct horse battery staple";
    static final String CLIENT_NAME = "Example MCP client";
    static final String RESOURCE_SERVER = "mcp-server";
    static final String RESOURCE_SERVER_SECRET = "rs-secret-0123456789";

    final TestServer server = new TestServer();
    final Browser browser = new Browser(server);
    final PublicClient client;

    FlowFixture() {
        server.stores.addUser(USER, PASSWORD);
        server.stores.addResourceServer(
                new ResourceServer(RESOURCE_SERVER, "Example MCP server", Optional.empty()), RESOURCE_SERVER_SECRET);
        client = PublicClient.register(server, CLIENT_NAME, PublicClient.REDIRECT_URI);
    }

    /** Signs in from a fresh page (the browser must not be signed in yet): the consent page. */
    HttpResponse<String> consentPage(Form request) {
        HttpResponse<String> page = browser.signIn(request, USER, PASSWORD);
        assertThat(page.statusCode()).as("consent page: %s", page.body()).isEqualTo(200);
        return page;
    }

    /** Signs in and approves: the redirect to the client. */
    HttpResponse<String> approve(Form request) {
        return browser.submitConsent(consentPage(request), "approve", false);
    }

    /** A fresh authorization code for the client's standard request. */
    String code() {
        return client.callback(approve(client.authorizationRequest())).param("code");
    }

    /** The token response for a fresh code. */
    JsonNode tokens() {
        HttpResponse<String> response = client.token(client.codeExchange(code()));
        assertThat(response.statusCode()).as("token response: %s", response.body()).isEqualTo(200);
        return json(response);
    }

    HttpResponse<String> introspect(String token) {
        return introspect(token, basic(RESOURCE_SERVER, RESOURCE_SERVER_SECRET));
    }

    /** @param authorization the Authorization header, or null for none */
    HttpResponse<String> introspect(String token, String authorization) {
        var request = HttpRequest.newBuilder(server.uri(TokenRoutes.INTROSPECT))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Form.of("token", token).encode()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return server.send(request);
    }

    boolean isActive(String token) {
        HttpResponse<String> response = introspect(token);
        assertThat(response.statusCode()).as("introspection: %s", response.body()).isEqualTo(200);
        return json(response).path("active").asBoolean();
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.close();
    }
}
