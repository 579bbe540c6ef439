package io.mcpdcr.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.http.HttpResponse;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /o/authorize} refusals. While the client or its redirect URI is unverified the browser gets an error page
 * and no redirect (RFC 6749 §4.1.2.1: no open redirector). Afterwards, errors go to the redirect URI with state and
 * iss, but only once a user signed in: before that the error page offers a link back (RFC 9700 §4.11.2), since anyone
 * can register a client whose redirect URI is their own site.
 */
class AuthorizeRefusalHttpTest {
    private final FlowFixture fixture = new FlowFixture();
    private final Browser browser = fixture.browser;
    private final PublicClient client = fixture.client;

    @AfterEach
    void stop() {
        fixture.close();
    }

    static Stream<Arguments> untrustedRequests() {
        return Stream.of(
                request("unknown client_id", form -> form.set("client_id", "no-such-client")),
                request("missing client_id", form -> form.without("client_id")),
                request("empty client_id", form -> form.set("client_id", "")),
                request("repeated client_id", form -> form.add("client_id", "no-such-client")),
                request("unregistered redirect_uri", form -> form.set("redirect_uri", "https://evil.example/cb")),
                request("redirect_uri with another path", form -> form.set("redirect_uri", "https://app.example/cb2")),
                request("redirect_uri with a query added", form -> form.set("redirect_uri", "https://app.example/cb?x=1")),
                request("repeated redirect_uri", form -> form.add("redirect_uri", PublicClient.REDIRECT_URI)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("untrustedRequests")
    void showsAnErrorPageAndNeverRedirectsForAnUntrustedClientOrRedirectUri(UnaryOperator<Form> change) {
        HttpResponse<String> response = browser.authorize(change.apply(client.authorizationRequest()));

        assertErrorPageWithoutRedirect(response);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("untrustedRequests")
    void refusesTheUntrustedRequestToASignedInUserToo(UnaryOperator<Form> change) {
        fixture.approve(client.authorizationRequest());

        assertErrorPageWithoutRedirect(browser.authorize(change.apply(client.authorizationRequest())));
    }

    @Test
    void aRegisteredLoopbackRedirectUriMatchesAnyPort() {
        PublicClient native_ = PublicClient.register(fixture.server, "Native app", "http://127.0.0.1/cb");
        String withPort = "http://127.0.0.1:43210/cb";

        HttpResponse<String> redirect = fixture.approve(native_.authorizationRequest().set("redirect_uri", withPort));

        assertThat(redirect.statusCode()).isEqualTo(303);
        PublicClient.Callback callback = PublicClient.Callback.at(withPort, redirect);
        assertThat(callback.param("state")).isEqualTo(PublicClient.STATE);
        String code = callback.param("code");
        HttpResponse<String> tokens = native_.token(native_.codeExchange(code).set("redirect_uri", withPort));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    }

    @Test
    void aNativeApplicationsLoopbackRedirectUriMatchesAnyPort() {
        PublicClient native_ = PublicClient.register(fixture.server,
                PublicClient.metadata("Native app", "http://127.0.0.1:33418/").put("application_type", "native"));

        HttpResponse<String> redirect = fixture.approve(
                native_.authorizationRequest().set("redirect_uri", "http://127.0.0.1:50123/"));

        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(PublicClient.Callback.at("http://127.0.0.1:50123/", redirect).param("code")).isNotEmpty();
    }

    @Test
    void aWebApplicationsLoopbackRedirectUriMatchesOnlyOnItsPort() {
        PublicClient web = PublicClient.register(fixture.server,
                PublicClient.metadata("Web app", "http://127.0.0.1:8080/cb").put("application_type", "web"));

        assertErrorPageWithoutRedirect(
                browser.authorize(web.authorizationRequest().set("redirect_uri", "http://127.0.0.1:43210/cb")));
        assertThat(fixture.approve(web.authorizationRequest()).statusCode()).isEqualTo(303);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "http://127.0.0.1:43210/other",
        "http://127.0.0.1:43210/cb/",
        "http://localhost:43210/cb",
        "http://[::1]:43210/cb",
        "http://127.0.0.2:43210/cb",
        "https://127.0.0.1:43210/cb",
        "http://127.0.0.1:43210/cb#frag",
        "http://user@127.0.0.1:43210/cb",
    })
    void aRegisteredLoopbackRedirectUriDoesNotMatchAnotherHostPathOrScheme(String requested) {
        PublicClient native_ = PublicClient.register(fixture.server, "Native app", "http://127.0.0.1/cb");

        assertErrorPageWithoutRedirect(browser.authorize(native_.authorizationRequest().set("redirect_uri", requested)));
    }

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                refused("response_type=token", form -> form.set("response_type", "token"), "unsupported_response_type"),
                refused("missing response_type", form -> form.without("response_type"), "invalid_request"),
                refused("missing code_challenge", form -> form.without("code_challenge"), "invalid_request"),
                refused("code_challenge_method=plain", form -> form.set("code_challenge_method", "plain"),
                        "invalid_request"),
                refused("missing code_challenge_method", form -> form.without("code_challenge_method"),
                        "invalid_request"),
                refused("malformed code_challenge", form -> form.set("code_challenge", "short"), "invalid_request"),
                refused("unknown scope", form -> form.set("scope", "mcp admin"), "invalid_scope"),
                refused("resource with a fragment", form -> form.set("resource", "https://mcp.example/api#part"),
                        "invalid_target"),
                refused("relative resource", form -> form.set("resource", "/api"), "invalid_target"),
                refused("repeated scope", form -> form.add("scope", "mcp"), "invalid_request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void redirectsTheErrorWithStateAndIssOnceSignedIn(UnaryOperator<Form> change, String error) {
        fixture.consentPage(client.authorizationRequest());

        HttpResponse<String> response = browser.authorize(change.apply(client.authorizationRequest()));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        PublicClient.Callback callback = client.callback(response);
        assertThat(callback.param("error")).isEqualTo(error);
        assertThat(callback.param("error_description")).isNotBlank();
        assertThat(callback.param("state")).isEqualTo(PublicClient.STATE);
        assertThat(callback.param("iss")).isEqualTo(TestServer.ISSUER);
        assertThat(callback.has("code")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void beforeSignInShowsTheErrorWithALinkBackInsteadOfRedirecting(UnaryOperator<Form> change, String error) {
        HttpResponse<String> response = browser.authorize(change.apply(client.authorizationRequest()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.body()).contains("Return to app.example").contains("<code>" + error + "</code>");
        PublicClient.Callback callback = PublicClient.Callback.inReturnLink(PublicClient.REDIRECT_URI, response);
        assertThat(callback.param("error")).isEqualTo(error);
        assertThat(callback.param("state")).isEqualTo(PublicClient.STATE);
        assertThat(callback.param("iss")).isEqualTo(TestServer.ISSUER);
        assertThat(callback.has("code")).isFalse();
    }

    @Test
    void theIssueExampleAnAttackerRedirectUriIsNeverFollowedBeforeSignIn() {
        PublicClient attacker = PublicClient.register(fixture.server, "Totally legit", "https://attacker.example/landing");

        HttpResponse<String> response = browser.get(AuthorizationRoutes.AUTHORIZE + "?client_id="
                + attacker.id + "&response_type=x&redirect_uri=https://attacker.example/landing");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).contains("Return to attacker.example");
    }

    @Test
    void anExpiredOrForgedSessionCookieCountsAsNotSignedIn() {
        browser.forgeCookie(Browser.SESSION_COOKIE, "not-a-session");

        HttpResponse<String> response = browser.authorize(client.authorizationRequest().set("scope", "admin"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void aRepeatedStateIsInvalidRequestAndNeitherValueIsEchoed() {
        fixture.consentPage(client.authorizationRequest());
        HttpResponse<String> response = browser.authorize(client.authorizationRequest().add("state", "other-state"));

        assertThat(response.statusCode()).isEqualTo(302);
        PublicClient.Callback callback = client.callback(response);
        assertThat(callback.param("error")).isEqualTo("invalid_request");
        assertThat(callback.param("error_description")).contains("state");
        assertThat(callback.param("iss")).isEqualTo(TestServer.ISSUER);
        assertThat(callback.has("state")).isFalse();
        assertThat(callback.has("code")).isFalse();
    }

    private static void assertErrorPageWithoutRedirect(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("<code>invalid_request</code>").doesNotContain("evil.example");
    }

    private static Arguments request(String rule, UnaryOperator<Form> change) {
        return arguments(named(rule, change));
    }

    private static Arguments refused(String rule, UnaryOperator<Form> change, String error) {
        return arguments(named(rule, change), error);
    }
}
