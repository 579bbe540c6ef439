package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /o/token} refusals as the client sees them: RFC 6749 §5.2 JSON errors, never cached. */
class TokenRefusalHttpTest {
    private final FlowFixture fixture = new FlowFixture();
    private final PublicClient client = fixture.client;

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aReplayedCodeIsRefusedAndRevokesWhatItsFirstRedemptionIssued() {
        String code = fixture.code();
        HttpResponse<String> first = client.token(client.codeExchange(code));
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode tokens = json(first);

        assertRefused(client.token(client.codeExchange(code)), 400, "invalid_grant");

        assertThat(fixture.isActive(tokens.path("access_token").asText())).isFalse();
        assertRefused(client.token(client.refreshRequest(tokens.path("refresh_token").asText())), 400, "invalid_grant");
    }

    static Stream<Arguments> refusedExchanges() {
        return Stream.of(
                refused("wrong code_verifier", form -> form.set("code_verifier", PublicClient.newVerifier()),
                        400, "invalid_grant"),
                refused("missing code_verifier", form -> form.without("code_verifier"), 400, "invalid_request"),
                refused("another redirect_uri", form -> form.set("redirect_uri", "https://app.example/other"),
                        400, "invalid_grant"),
                refused("missing redirect_uri the request had", form -> form.without("redirect_uri"),
                        400, "invalid_request"),
                refused("unknown code", form -> form.set("code", PublicClient.newVerifier()), 400, "invalid_grant"),
                refused("missing code", form -> form.without("code"), 400, "invalid_request"),
                refused("unknown client", form -> form.set("client_id", "no-such-client"), 401, "invalid_client"),
                refused("missing client_id", form -> form.without("client_id"), 400, "invalid_request"),
                refused("grant_type=password", form -> form.set("grant_type", "password"),
                        400, "unsupported_grant_type"),
                refused("grant_type=client_credentials", form -> form.set("grant_type", "client_credentials"),
                        400, "unsupported_grant_type"),
                refused("missing grant_type", form -> form.without("grant_type"), 400, "invalid_request"),
                refused("repeated code_verifier", form -> form.add("code_verifier", "x".repeat(43)),
                        400, "invalid_request"),
                refused("repeated grant_type", form -> form.add("grant_type", "authorization_code"),
                        400, "invalid_request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedExchanges")
    void refusesACodeExchange(UnaryOperator<Form> change, int status, String error) {
        Form exchange = change.apply(client.codeExchange(fixture.code()));

        assertRefused(client.token(exchange), status, error);
    }

    @Test
    void refusesACodeIssuedToAnotherClient() {
        PublicClient other = PublicClient.register(fixture.server, "Other client", PublicClient.REDIRECT_URI);
        Form exchange = client.codeExchange(fixture.code()).set("client_id", other.id);

        assertRefused(other.token(exchange), 400, "invalid_grant");
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded-not", ";"})
    void refusesABodyThatIsNotAForm(String contentType) {
        String body = client.codeExchange(fixture.code()).encode();
        HttpResponse<String> response = fixture.server.send(HttpRequest.newBuilder(fixture.server.uri("/o/token"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertRefused(response, 400, "invalid_request");
    }

    @Test
    void refusesAJsonTokenRequest() {
        HttpResponse<String> response = fixture.server.send(HttpRequest.newBuilder(fixture.server.uri("/o/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"grant_type\":\"authorization_code\",\"code\":\"" + fixture.code() + "\"}")));

        assertRefused(response, 400, "invalid_request");
    }

    @Test
    void aPublicClientMayNameItselfWithHttpBasicAndAnEmptySecret() {
        Form exchange = client.codeExchange(fixture.code()).without("client_id");

        HttpResponse<String> response = client.token(exchange, FlowFixture.basic(client.id, ""));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).path("token_type").asText()).isEqualTo("Bearer");
    }

    /** A public client sending a secret believes it authenticated: tell it it did not (RFC 6749 §5.2). */
    @ParameterizedTest(name = "secret \"{0}\"")
    @ValueSource(strings = {"s3cret", " ", "a-secret-of-forty-characters-0123456789"})
    void refusesHttpBasicWithASecretAsInvalidClientAndSpendsNothing(String secret) {
        String code = fixture.code();
        Form exchange = client.codeExchange(code).without("client_id");

        HttpResponse<String> response = client.token(exchange, FlowFixture.basic(client.id, secret));

        assertRefused(response, 401, "invalid_client");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
        assertThat(client.token(client.codeExchange(code)).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesAClientSecretInTheBodyAsInvalidClientAndSpendsNothing() {
        String code = fixture.code();

        assertRefused(client.token(client.codeExchange(code).set("client_secret", "s3cret")), 401, "invalid_client");

        assertThat(client.token(client.codeExchange(code).set("client_secret", "")).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesHttpBasicWithASecretOnRevocationToo() {
        String access = fixture.tokens().path("access_token").asText();

        HttpResponse<String> response = fixture.server.send(HttpRequest.newBuilder(fixture.server.uri(TokenRoutes.REVOKE))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", FlowFixture.basic(client.id, "s3cret"))
                .POST(HttpRequest.BodyPublishers.ofString(Form.of("token", access).encode())));

        assertRefused(response, 401, "invalid_client");
        assertThat(fixture.isActive(access)).isTrue();
    }

    @Test
    void refusesAClientIdThatDiffersBetweenBasicAndTheBody() {
        Form exchange = client.codeExchange(fixture.code());

        assertRefused(client.token(exchange, FlowFixture.basic("someone-else", "")), 400, "invalid_request");
    }

    /** RFC 6749 §5.2: a client that authenticated with the Authorization header gets a matching challenge. */
    @Test
    void anUnknownClientAuthenticatingWithBasicGetsAChallenge() {
        Form exchange = client.codeExchange(fixture.code()).without("client_id");

        HttpResponse<String> response = client.token(exchange, FlowFixture.basic("no-such-client", ""));

        assertRefused(response, 401, "invalid_client");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
    }

    @Test
    void refusesARefreshTokenOfAnotherClient() {
        String refresh = fixture.tokens().path("refresh_token").asText();
        PublicClient other = PublicClient.register(fixture.server, "Other client", PublicClient.REDIRECT_URI);

        assertRefused(other.token(other.refreshRequest(refresh)), 400, "invalid_grant");
    }

    /** RFC 6749 §6: the client is checked before the refresh token is spent. */
    @Test
    void aRefreshTokenPresentedByAnotherClientStillWorksForItsOwner() {
        JsonNode tokens = fixture.tokens();
        String refresh = tokens.path("refresh_token").asText();
        PublicClient other = PublicClient.register(fixture.server, "Other client", PublicClient.REDIRECT_URI);

        assertRefused(other.token(other.refreshRequest(refresh)), 400, "invalid_grant");

        HttpResponse<String> owner = client.token(client.refreshRequest(refresh));
        assertThat(owner.statusCode()).as(owner.body()).isEqualTo(200);
        assertThat(fixture.isActive(tokens.path("access_token").asText())).isTrue();
    }

    /** RFC 6749 §6: a narrower scope narrows the access token only; the new refresh token keeps the original scope. */
    @Test
    void aNarrowedRefreshDoesNotNarrowTheNextRefreshToken() {
        String refresh = fixture.tokens().path("refresh_token").asText();

        JsonNode narrowed = json(client.token(client.refreshRequest(refresh).set("scope", "mcp")));
        HttpResponse<String> next = client.token(client.refreshRequest(narrowed.path("refresh_token").asText()));

        assertThat(narrowed.path("scope").asText()).isEqualTo("mcp");
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        assertThat(json(next).path("scope").asText()).isEqualTo(PublicClient.SCOPE);
    }

    @Test
    void refusesARefreshThatWidensTheScope() {
        Form narrow = client.authorizationRequest().set("scope", "mcp");
        String code = client.callback(fixture.approve(narrow)).param("code");
        String refresh = json(client.token(client.codeExchange(code))).path("refresh_token").asText();

        assertRefused(client.token(client.refreshRequest(refresh).set("scope", "mcp profile")), 400, "invalid_scope");
    }

    private static void assertRefused(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = json(response);
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("error_description").asText()).isNotBlank();
        assertThat(body.has("access_token")).isFalse();
    }

    private static Arguments refused(String rule, UnaryOperator<Form> change, int status, String error) {
        return arguments(named(rule, change), status, error);
    }
}
