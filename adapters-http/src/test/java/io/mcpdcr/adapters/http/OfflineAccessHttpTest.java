package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code offline_access} (MCP SEP-2207) over real sockets: offered in the metadata, granted with a refresh token to
 * clients registered for refresh_token, dropped without an error for the others; and refresh tokens for clients that
 * never ask, as Claude does.
 */
class OfflineAccessHttpTest {
    private final FlowFixture fixture = new FlowFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void theMetadataOffersOfflineAccess() {
        JsonNode metadata = json(fixture.server.send(HttpRequest.newBuilder(
                fixture.server.uri("/.well-known/oauth-authorization-server")).GET()));

        assertThat(metadata.path("scopes_supported").toString()).contains("\"offline_access\"");
    }

    @Test
    void aClientThatMayRefreshIsGrantedOfflineAccessAndARefreshToken() {
        JsonNode tokens = tokens(fixture.client, "mcp offline_access");

        assertThat(tokens.path("scope").asText()).isEqualTo("mcp offline_access");
        assertThat(tokens.path("refresh_token").asText()).isNotEmpty();
    }

    @Test
    void aClientThatMayNotRefreshHasOfflineAccessDroppedSilently() {
        PublicClient codeOnly = PublicClient.register(fixture.server, PublicClient.metadata("Code only",
                "https://code-only.example/cb").set("grant_types", TestServer.JSON.createArrayNode().add("authorization_code")));

        JsonNode tokens = tokens(codeOnly, "mcp offline_access");

        assertThat(tokens.path("scope").asText()).isEqualTo("mcp");
        assertThat(tokens.has("refresh_token")).isFalse();
    }

    @Test
    void aClientRegisteredForRefreshGetsARefreshTokenWithoutAsking() {
        HttpResponse<String> approved = fixture.approve(fixture.client.authorizationRequest().without("scope"));
        HttpResponse<String> response = fixture.client.token(
                fixture.client.codeExchange(fixture.client.callback(approved).param("code")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).path("scope").asText()).doesNotContain("offline_access");
        assertThat(json(response).path("refresh_token").asText()).isNotEmpty();
    }

    private JsonNode tokens(PublicClient client, String scope) {
        HttpResponse<String> approved = fixture.approve(client.authorizationRequest().set("scope", scope));
        HttpResponse<String> response = client.token(client.codeExchange(client.callback(approved).param("code")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }
}
