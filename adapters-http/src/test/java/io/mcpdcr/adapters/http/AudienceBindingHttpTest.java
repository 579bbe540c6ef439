package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpdcr.domain.token.ResourceServer;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 8707 and MCP "Token Audience Binding" as resource servers see them: a token is active only to the resource
 * server whose resource is exactly its audience, so it cannot be replayed against another server.
 */
class AudienceBindingHttpTest {
    private static final String WEATHER = "https://weather.example/mcp";
    private static final String FILES = "https://files.example/mcp";
    private static final String SECRET = "rs-secret-abcdefghijklmnop";

    private final FlowFixture fixture = new FlowFixture();
    private final PublicClient client = fixture.client;

    AudienceBindingHttpTest() {
        fixture.server.stores.addResourceServer(new ResourceServer("weather", "Weather", Optional.of(WEATHER)), SECRET);
        fixture.server.stores.addResourceServer(new ResourceServer("files", "Files", Optional.of(FILES)), SECRET);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private String accessTokenFor(String resource) {
        Form request = client.authorizationRequest();
        String code = client.callback(fixture.approve(resource == null ? request : request.set("resource", resource)))
                .param("code");
        HttpResponse<String> tokens = client.token(client.codeExchange(code));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return json(tokens).path("access_token").asText();
    }

    private JsonNode introspectAs(String resourceServer, String token) {
        HttpResponse<String> response = fixture.introspect(token, FlowFixture.basic(resourceServer, SECRET));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    @Test
    void aTokenIsActiveToTheResourceServerOfItsAudienceWithThatAudience() {
        JsonNode answer = introspectAs("weather", accessTokenFor(WEATHER));

        assertThat(answer.path("active").asBoolean()).isTrue();
        assertThat(answer.path("aud").asText()).isEqualTo(WEATHER);
    }

    @Test
    void aTokenForOneServerIsInactiveToAnother() {
        assertThat(introspectAs("files", accessTokenFor(WEATHER)).path("active").asBoolean()).isFalse();
    }

    @Test
    void aTokenForAServerIsInactiveToAResourceServerRegisteredWithoutAResource() {
        String token = accessTokenFor(WEATHER);

        assertThat(fixture.isActive(token)).isFalse();
    }

    @Test
    void aTokenWithoutAudienceIsInactiveToEveryResourceServerBoundToAResource() {
        String token = accessTokenFor(null);

        assertThat(introspectAs("weather", token).path("active").asBoolean()).isFalse();
        assertThat(introspectAs("files", token).path("active").asBoolean()).isFalse();
        assertThat(fixture.isActive(token)).isTrue();
    }

    @Test
    void aRefreshedTokenForAnotherAudienceIsActiveOnlyThere() {
        Form request = client.authorizationRequest();
        String code = client.callback(fixture.approve(request)).param("code");
        String refresh = json(client.token(client.codeExchange(code))).path("refresh_token").asText();

        HttpResponse<String> refreshed = client.token(client.refreshRequest(refresh).set("resource", FILES));
        String token = json(refreshed).path("access_token").asText();

        assertThat(introspectAs("files", token).path("active").asBoolean()).isTrue();
        assertThat(introspectAs("weather", token).path("active").asBoolean()).isFalse();
        assertThat(fixture.isActive(token)).isFalse();
    }
}
