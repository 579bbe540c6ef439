package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.FlowFixture.PASSWORD;
import static io.mcpdcr.adapters.http.FlowFixture.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.http.HttpResponse;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTML pages: values are escaped, and every page forbids framing, referrers, sniffing and caching. */
class PagesHttpTest {
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;";

    private final FlowFixture fixture = new FlowFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void theConsentPageEscapesTheSelfChosenClientName() {
        PublicClient hostile = PublicClient.register(fixture.server, SCRIPT, PublicClient.REDIRECT_URI);

        HttpResponse<String> consentPage = fixture.consentPage(hostile.authorizationRequest());

        assertThat(consentPage.body()).contains(ESCAPED_SCRIPT).doesNotContainIgnoringCase("<script");
    }

    @Test
    void theLoginPageEscapesTheTypedUsername() {
        Browser browser = fixture.browser;
        HttpResponse<String> loginPage = browser.authorize(fixture.client.authorizationRequest());

        HttpResponse<String> refused = browser.submitLogin(loginPage, "\"><script>alert(1)</script>", PASSWORD);

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("value=\"&quot;&gt;" + ESCAPED_SCRIPT + "\"")
                .doesNotContainIgnoringCase("<script");
    }

    @Test
    void theAuthorizationRequestIsCarriedThroughTheFormsEscaped() {
        Form request = fixture.client.authorizationRequest().set("state", "\"><script>alert(1)</script>");

        HttpResponse<String> consentPage = fixture.consentPage(request);

        assertThat(consentPage.body()).doesNotContainIgnoringCase("<script");
        PublicClient.Callback callback = fixture.client.callback(
                fixture.browser.submitConsent(consentPage, "approve", false));
        assertThat(callback.param("state")).isEqualTo("\"><script>alert(1)</script>");
    }

    static Stream<Arguments> pages() {
        return Stream.of(
                page("login page", 200, f -> f.browser.authorize(f.client.authorizationRequest())),
                page("refused login", 401, f -> f.browser.submitLogin(
                        f.browser.authorize(f.client.authorizationRequest()), USER, "not the password")),
                page("expired login form", 403, f -> f.browser.post(AuthorizationRoutes.LOGIN,
                        Form.of("authorization_request", "client_id=x", "csrf_token", "forged"))),
                page("incomplete login form", 400, f -> f.browser.post(AuthorizationRoutes.LOGIN, Form.of())),
                page("consent page", 200, f -> f.consentPage(f.client.authorizationRequest())),
                page("consent without session", 401, f -> f.browser.post(AuthorizationRoutes.CONSENT, Form.of())),
                page("untrusted authorization request", 400, f -> f.browser.authorize(
                        f.client.authorizationRequest().set("redirect_uri", "https://evil.example/cb"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void everyPageForbidsFramingReferrersAndCaching(Function<FlowFixture, HttpResponse<String>> open, int status) {
        HttpResponse<String> page = open.apply(fixture);

        assertThat(page.statusCode()).as(page.body()).isEqualTo(status);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html").containsIgnoringCase("charset=utf-8"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("frame-ancestors 'none'").contains("default-src 'none'"));
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.body()).startsWith("<!doctype html>");
    }

    private static Arguments page(String name, int status, Function<FlowFixture, HttpResponse<String>> open) {
        return arguments(named(name, open), status);
    }
}
