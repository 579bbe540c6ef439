package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.Browser.LOGIN_CSRF_COOKIE;
import static io.mcpdcr.adapters.http.Browser.SESSION_COOKIE;
import static io.mcpdcr.adapters.http.Browser.hiddenField;
import static io.mcpdcr.adapters.http.FlowFixture.PASSWORD;
import static io.mcpdcr.adapters.http.FlowFixture.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The login and consent forms refuse forged, cross-site and session-less submissions, and say nothing of users. */
class LoginConsentRefusalHttpTest {
    private static final String WRONG_CREDENTIALS = "The username or password is incorrect.";

    private final FlowFixture fixture = new FlowFixture();
    private final Browser browser = fixture.browser;
    private final PublicClient client = fixture.client;

    @AfterEach
    void stop() {
        fixture.close();
    }

    static Stream<Arguments> forgedCsrfTokens() {
        return Stream.of(
                forged("no csrf_token", form -> form.without("csrf_token")),
                forged("an empty csrf_token", form -> form.set("csrf_token", "")),
                forged("a made-up csrf_token", form -> form.set("csrf_token", PublicClient.newVerifier())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedCsrfTokens")
    void refusesALoginFormWithoutTheTokenOfItsCookie(UnaryOperator<Form> forgery) {
        HttpResponse<String> loginPage = browser.authorize(client.authorizationRequest());

        Form forged = forgery.apply(browser.loginForm(loginPage, USER, PASSWORD));

        assertRefusedWithoutSession(browser.post(AuthorizationRoutes.LOGIN, forged), 403);
    }

    @Test
    void refusesALoginFormWhenTheCsrfCookieIsMissing() {
        HttpResponse<String> loginPage = browser.authorize(client.authorizationRequest());
        browser.dropCookie(LOGIN_CSRF_COOKIE);

        assertRefusedWithoutSession(browser.submitLogin(loginPage, USER, PASSWORD), 403);
    }

    @Test
    void refusesALoginFormCarryingTheTokenOfAnotherBrowser() {
        HttpResponse<String> attackersPage = new Browser(fixture.server).authorize(client.authorizationRequest());
        browser.authorize(client.authorizationRequest()); // the victim has a CSRF cookie of their own

        assertRefusedWithoutSession(browser.submitLogin(attackersPage, USER, PASSWORD), 403);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        HttpResponse<String> wrongPassword = loginFromFreshBrowser(USER, "not the password");
        HttpResponse<String> unknownUser = loginFromFreshBrowser("mallory", PASSWORD);

        for (HttpResponse<String> refused : List.of(wrongPassword, unknownUser)) {
            assertPage(refused, 401);
            assertThat(refused.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(SESSION_COOKIE));
            assertThat(refused.body()).contains(WRONG_CREDENTIALS);
        }
        assertThat(withoutEchoes(wrongPassword.body(), USER))
                .as("identical apart from the fresh CSRF token and the typed username")
                .isEqualTo(withoutEchoes(unknownUser.body(), "mallory"));
    }

    @Test
    void theRefusedLoginPageLetsTheUserTryAgain() {
        HttpResponse<String> refused = browser.submitLogin(
                browser.authorize(client.authorizationRequest()), USER, "not the password");
        assertThat(refused.statusCode()).isEqualTo(401);

        HttpResponse<String> retried = browser.submitLogin(refused, USER, PASSWORD);

        assertThat(retried.statusCode()).isEqualTo(303);
        assertThat(browser.cookie(SESSION_COOKIE)).isPresent();
    }

    @Test
    void aConsentFormWithoutASessionIsRefused() {
        HttpResponse<String> consentPage = fixture.consentPage(client.authorizationRequest());
        browser.dropCookie(SESSION_COOKIE);

        HttpResponse<String> response = browser.submitConsent(consentPage, "approve", false);

        assertPage(response, 401);
        assertThat(response.body()).contains("Session expired");
    }

    @Test
    void aConsentFormWithAnUnknownSessionIsRefused() {
        HttpResponse<String> consentPage = fixture.consentPage(client.authorizationRequest());
        browser.forgeCookie(SESSION_COOKIE, PublicClient.newVerifier());

        assertPage(browser.submitConsent(consentPage, "approve", false), 401);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedCsrfTokens")
    void refusesAConsentFormWithoutTheTokenOfItsSession(UnaryOperator<Form> forgery) {
        HttpResponse<String> consentPage = fixture.consentPage(client.authorizationRequest());

        Form forged = forgery.apply(browser.consentForm(consentPage, "approve", true));

        assertConsentRefused(browser.post(AuthorizationRoutes.CONSENT, forged));
    }

    @Test
    void refusesAConsentFormCarryingTheLoginFormsToken() {
        HttpResponse<String> consentPage = fixture.consentPage(client.authorizationRequest());
        String loginCsrf = browser.cookie(LOGIN_CSRF_COOKIE).orElseThrow();

        Form forged = browser.consentForm(consentPage, "approve", true).set("csrf_token", loginCsrf);

        assertConsentRefused(browser.post(AuthorizationRoutes.CONSENT, forged));
    }

    @Test
    void refusesAConsentFormCarryingTheTokenOfAnotherSessionOfTheSameUser() {
        HttpResponse<String> otherSessionsPage = new Browser(fixture.server)
                .signIn(client.authorizationRequest(), USER, PASSWORD);
        HttpResponse<String> consentPage = fixture.consentPage(client.authorizationRequest());

        Form forged = browser.consentForm(consentPage, "approve", true)
                .set("csrf_token", hiddenField(otherSessionsPage, "csrf_token"));

        assertConsentRefused(browser.post(AuthorizationRoutes.CONSENT, forged));
    }

    private void assertConsentRefused(HttpResponse<String> response) {
        assertPage(response, 403);
        assertThat(browser.authorize(client.authorizationRequest()).statusCode())
                .as("nothing was remembered: consent is asked again").isEqualTo(200);
    }

    private HttpResponse<String> loginFromFreshBrowser(String username, String password) {
        Browser fresh = new Browser(fixture.server);
        return fresh.submitLogin(fresh.authorize(client.authorizationRequest()), username, password);
    }

    /** The page with the two values that legitimately differ (the new CSRF token, the typed username) blanked. */
    private static String withoutEchoes(String body, String username) {
        return body.replaceAll("name=\"csrf_token\" value=\"[^\"]*\"", "name=\"csrf_token\" value=\"\"")
                .replace("value=\"" + username + "\"", "value=\"\"");
    }

    private void assertRefusedWithoutSession(HttpResponse<String> response, int status) {
        assertPage(response, status);
        assertThat(browser.cookie(SESSION_COOKIE)).isEmpty();
    }

    private static void assertPage(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
    }

    private static Arguments forged(String rule, UnaryOperator<Form> forgery) {
        return arguments(named(rule, forgery));
    }
}
