package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.FlowFixture.PASSWORD;
import static io.mcpdcr.adapters.http.FlowFixture.USER;
import static io.mcpdcr.adapters.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests that need a live flow: every parameter of the authorization, token, revocation and introspection
 * endpoints and of the login and consent forms sent twice (RFC 6749 §3.1, §3.2: parameters must not repeat), and
 * parameters a client cannot be trusted with. Each case asserts the exact answer, that nothing was issued or
 * spent, and that the server still serves.
 */
class HostileInputFlowHttpTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private final FlowFixture fixture = new FlowFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    static Stream<Arguments> authorizationParameters() {
        return Stream.of("response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge",
                "code_challenge_method").map(Arguments::of);
    }

    /** A request the server cannot trust must not redirect anywhere: it shows an error page (RFC 6749 §4.1.2.1). */
    @ParameterizedTest(name = "authorize with {0} twice")
    @MethodSource("authorizationParameters")
    void refusesAnAuthorizationRequestWithARepeatedParameter(String name) {
        Form request = fixture.client.authorizationRequest();
        String value = request.encode().split(name + "=", 2)[1].split("&", 2)[0];
        HttpResponse<String> answer = new Browser(fixture.server).get(AuthorizationRoutes.AUTHORIZE + "?"
                + request.encode() + "&" + name + "=" + value);

        if (name.equals("client_id") || name.equals("redirect_uri")) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Location")).isEmpty();
            assertThat(answer.body()).contains(name);
        } else {
            // Nobody signed in: the error is shown with a link back to the client, never redirected by itself.
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Location")).isEmpty();
            PublicClient.Callback callback = PublicClient.Callback.inReturnLink(PublicClient.REDIRECT_URI, answer);
            assertThat(callback.param("error")).isEqualTo("invalid_request");
            assertThat(callback.has("code")).isFalse();
        }
        assertStillServes();
    }

    static Stream<Arguments> codeExchangeParameters() {
        return Stream.of("grant_type", "code", "redirect_uri", "client_id", "code_verifier").map(Arguments::of);
    }

    @ParameterizedTest(name = "code exchange with {0} twice")
    @MethodSource("codeExchangeParameters")
    void refusesACodeExchangeWithARepeatedParameterAndLeavesTheCodeUnspent(String name) {
        String code = freshCode();
        Form exchange = fixture.client.codeExchange(code);
        int issued = fixture.server.stores.accessTokenCount();

        assertRefused(post(TokenRoutes.TOKEN, exchange.encode() + "&" + name + "=" + value(exchange, name)),
                400, "invalid_request");

        assertThat(fixture.server.stores.accessTokenCount()).as("no token issued").isEqualTo(issued);
        assertThat(fixture.client.token(exchange).statusCode()).as("the code is still redeemable").isEqualTo(200);
    }

    static Stream<Arguments> refreshParameters() {
        return Stream.of("grant_type", "refresh_token", "client_id", "scope", "resource").map(Arguments::of);
    }

    @ParameterizedTest(name = "refresh with {0} twice")
    @MethodSource("refreshParameters")
    void refusesARefreshWithARepeatedParameterAndLeavesTheTokenUnspent(String name) {
        String refreshToken = fixture.tokens().path("refresh_token").asText();
        Form refresh = fixture.client.refreshRequest(refreshToken);
        String repeated = switch (name) {
            case "scope" -> "scope=mcp&scope=mcp";
            case "resource" -> "resource=https%3A%2F%2Fmcp.example%2F&resource=https%3A%2F%2Fmcp.example%2F";
            default -> name + "=" + value(refresh, name);
        };

        assertRefused(post(TokenRoutes.TOKEN, refresh.encode() + "&" + repeated), 400, "invalid_request");

        assertThat(fixture.client.token(refresh).statusCode()).as("the refresh token still works").isEqualTo(200);
    }

    static Stream<Arguments> unusableResources() {
        return Stream.of(
                arguments("a relative URI", "/mcp"),
                arguments("a fragment", "https://mcp.example/#x"),
                arguments("not a URI", "https://mcp example"),
                arguments("no scheme", "mcp.example/mcp"));
    }

    /** RFC 8707 §2: a refresh asking for a resource that is not an absolute URI is invalid_target, and spends nothing. */
    @ParameterizedTest(name = "refresh with resource as {0}")
    @MethodSource("unusableResources")
    void refusesARefreshForAnUnusableResourceAndLeavesTheTokenUnspent(String label, String resource) {
        String refreshToken = fixture.tokens().path("refresh_token").asText();
        Form refresh = fixture.client.refreshRequest(refreshToken);

        HttpResponse<String> answer = fixture.client.token(fixture.client.refreshRequest(refreshToken)
                .add("resource", resource));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(json(answer).path("error").asText()).isIn("invalid_target", "invalid_request");
        assertThat(fixture.client.token(refresh).statusCode()).as("the refresh token still works").isEqualTo(200);
    }

    static Stream<Arguments> revocationParameters() {
        return Stream.of("token", "token_type_hint", "client_id").map(Arguments::of);
    }

    @ParameterizedTest(name = "revoke with {0} twice")
    @MethodSource("revocationParameters")
    void refusesARevocationWithARepeatedParameterAndRevokesNothing(String name) {
        String accessToken = fixture.tokens().path("access_token").asText();
        Form revoke = Form.of("token", accessToken, "token_type_hint", "access_token", "client_id",
                fixture.client.id);

        assertRefused(post(TokenRoutes.REVOKE, revoke.encode() + "&" + name + "=" + value(revoke, name)),
                400, "invalid_request");

        assertThat(fixture.isActive(accessToken)).as("the token is still active").isTrue();
    }

    static Stream<Arguments> introspectionParameters() {
        return Stream.of("token", "token_type_hint").map(Arguments::of);
    }

    @ParameterizedTest(name = "introspect with {0} twice")
    @MethodSource("introspectionParameters")
    void refusesAnIntrospectionWithARepeatedParameter(String name) {
        String accessToken = fixture.tokens().path("access_token").asText();
        Form introspect = Form.of("token", accessToken, "token_type_hint", "access_token");

        HttpResponse<String> answer = fixture.server.send(HttpRequest.newBuilder(
                        fixture.server.uri(TokenRoutes.INTROSPECT))
                .header("Content-Type", FORM)
                .header("Authorization", FlowFixture.basic(FlowFixture.RESOURCE_SERVER,
                        FlowFixture.RESOURCE_SERVER_SECRET))
                .POST(HttpRequest.BodyPublishers.ofString(
                        introspect.encode() + "&" + name + "=" + value(introspect, name))));

        assertRefused(answer, 400, "invalid_request");
    }

    static Stream<Arguments> loginFields() {
        return Stream.of("csrf_token", "authorization_request", "username", "password").map(Arguments::of);
    }

    @ParameterizedTest(name = "login form with {0} twice")
    @MethodSource("loginFields")
    void refusesALoginFormWithARepeatedFieldAndSignsNoOneIn(String name) {
        Browser browser = new Browser(fixture.server);
        HttpResponse<String> loginPage = browser.authorize(fixture.client.authorizationRequest());
        Form login = browser.loginForm(loginPage, USER, PASSWORD);

        HttpResponse<String> answer = browser.post(AuthorizationRoutes.LOGIN, login.add(name, value(login, name)));

        assertRefusedPage(answer);
        assertThat(browser.cookie(Browser.SESSION_COOKIE)).as("no session").isEmpty();
    }

    static Stream<Arguments> consentFields() {
        return Stream.of("csrf_token", "authorization_request", "decision", "remember").map(Arguments::of);
    }

    @ParameterizedTest(name = "consent form with {0} twice")
    @MethodSource("consentFields")
    void refusesAConsentFormWithARepeatedFieldAndIssuesNoCode(String name) {
        Browser browser = new Browser(fixture.server);
        HttpResponse<String> consentPage = browser.signIn(fixture.client.authorizationRequest(), USER, PASSWORD);
        Form consent = browser.consentForm(consentPage, "approve", true);

        HttpResponse<String> answer = browser.post(AuthorizationRoutes.CONSENT, consent.add(name, value(consent, name)));

        assertRefusedPage(answer);
    }

    private String freshCode() {
        Browser browser = new Browser(fixture.server);
        HttpResponse<String> consentPage = browser.signIn(fixture.client.authorizationRequest(), USER, PASSWORD);
        return fixture.client.callback(browser.submitConsent(consentPage, "approve", false)).param("code");
    }

    private static String value(Form form, String name) {
        List<String> values = Form.decode(form.encode()).get(name);
        assertThat(values).as("the form has %s", name).isNotNull();
        return java.net.URLEncoder.encode(values.get(0), java.nio.charset.StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String path, String body) {
        return fixture.server.send(HttpRequest.newBuilder(fixture.server.uri(path))
                .header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private void assertRefused(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("error_description").asText()).isNotBlank();
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertStillServes();
    }

    /** A browser form refused with a readable page, no redirect and no stack trace. */
    private void assertRefusedPage(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/html"));
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertStillServes();
    }

    private void assertStillServes() {
        assertThat(fixture.server.send(HttpRequest.newBuilder(fixture.server.uri("/health/live")).GET()).statusCode())
                .isEqualTo(200);
    }
}
