package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.Browser.SESSION_COOKIE;
import static io.mcpdcr.adapters.http.FlowFixture.PASSWORD;
import static io.mcpdcr.adapters.http.FlowFixture.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.port.Throttle;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13, the browser flow: remembered consent never serves another local program (RFC 8252 §8.6) and answers only
 * the redirect URI it was given for; a consent page is answered once; signing out; the headers that keep forms and
 * the transport honest.
 */
class BrowserFlowHttpTest {
    private static final String LOOPBACK = "http://127.0.0.1/cb";

    private final FlowFixture fixture = new FlowFixture();
    private final Browser browser = fixture.browser;
    private final PublicClient client = fixture.client;

    @AfterEach
    void stop() {
        fixture.close();
    }

    // ---- item 4: remembered consent ----

    @Test
    void aLoopbackClientsConsentPageHasNoRememberBoxAndATickedBoxIsIgnored() {
        PublicClient cli = PublicClient.register(fixture.server, "CLI", LOOPBACK);
        HttpResponse<String> consentPage = fixture.consentPage(cli.authorizationRequest()
                .set("redirect_uri", "http://127.0.0.1:40001/cb"));
        assertThat(consentPage.body()).doesNotContain("name=\"remember\"");

        HttpResponse<String> approved = browser.submitConsent(consentPage, "approve", true);
        assertThat(approved.statusCode()).isEqualTo(303);

        // Another program on this machine, same public client_id, its own port: the user is asked again.
        HttpResponse<String> otherProgram = browser.authorize(cli.authorizationRequest()
                .set("redirect_uri", "http://127.0.0.1:40002/cb"));
        HttpResponse<String> samePort = browser.authorize(cli.authorizationRequest()
                .set("redirect_uri", "http://127.0.0.1:40001/cb"));
        assertThat(otherProgram.statusCode()).isEqualTo(200);
        assertThat(otherProgram.body()).contains("Allow access?");
        assertThat(samePort.statusCode()).as("not even the same port").isEqualTo(200);
    }

    @Test
    void anHttpsConsentIsRememberedForItsRedirectUriOnly() {
        PublicClient web = PublicClient.register(fixture.server, "Web", "https://app.example/cb",
                "https://app.example/other");
        HttpResponse<String> consentPage = fixture.consentPage(web.authorizationRequest());
        assertThat(consentPage.body()).contains("name=\"remember\"");
        assertThat(browser.submitConsent(consentPage, "approve", true).statusCode()).isEqualTo(303);

        HttpResponse<String> same = browser.authorize(web.authorizationRequest());
        HttpResponse<String> other = browser.authorize(web.authorizationRequest()
                .set("redirect_uri", "https://app.example/other"));

        assertThat(same.statusCode()).isEqualTo(302);
        assertThat(web.callback(same).param("code")).isNotBlank();
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).contains("Allow access?");
    }

    // ---- item 5: one answer per consent page ----

    @ParameterizedTest(name = "replaying approve after {0}")
    @ValueSource(strings = {"deny", "approve"})
    void aConsentPageIsAnsweredOnce(String first) {
        HttpResponse<String> consentPage = fixture.consentPage(client.authorizationRequest());
        HttpResponse<String> answered = browser.submitConsent(consentPage, first, false);
        assertThat(answered.statusCode()).isEqualTo(303);
        int codes = fixture.server.stores.accessTokenCount();

        HttpResponse<String> replay = browser.submitConsent(consentPage, "approve", false);

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.headers().firstValue("Location")).isEmpty();
        assertThat(replay.body()).contains("already answered or has expired");
        assertThat(fixture.server.stores.accessTokenCount()).isEqualTo(codes);
    }

    @Test
    void aSecondConsentPageForTheSameRequestIsItsOwnInteraction() {
        HttpResponse<String> first = fixture.consentPage(client.authorizationRequest());
        HttpResponse<String> second = browser.authorize(client.authorizationRequest());
        assertThat(Browser.hiddenField(second, "consent_id")).isNotEqualTo(Browser.hiddenField(first, "consent_id"));

        assertThat(browser.submitConsent(first, "deny", false).statusCode()).isEqualTo(303);
        HttpResponse<String> approved = browser.submitConsent(second, "approve", false);

        assertThat(approved.statusCode()).isEqualTo(303);
        assertThat(client.callback(approved).param("code")).isNotBlank();
    }

    @Test
    void aConsentIdWorksOnlyForTheSessionAndRequestItWasShownTo() {
        HttpResponse<String> consentPage = fixture.consentPage(client.authorizationRequest());
        String consentId = Browser.hiddenField(consentPage, "consent_id");
        Browser other = new Browser(fixture.server);
        HttpResponse<String> otherPage = other.signIn(client.authorizationRequest(), USER, PASSWORD);

        HttpResponse<String> crossSession = other.post(AuthorizationRoutes.CONSENT,
                other.consentForm(otherPage, "approve", false).set("consent_id", consentId));
        HttpResponse<String> otherRequest = browser.post(AuthorizationRoutes.CONSENT,
                browser.consentForm(consentPage, "approve", false).set("authorization_request",
                        client.authorizationRequest().set("state", "another").encode()));

        assertThat(crossSession.statusCode()).isEqualTo(400);
        assertThat(otherRequest.statusCode()).isEqualTo(400);
        assertThat(browser.submitConsent(consentPage, "approve", false).statusCode()).as("still open").isEqualTo(303);
    }

    @Test
    void aConsentFormWithoutItsIdIsRefused() {
        HttpResponse<String> consentPage = fixture.consentPage(client.authorizationRequest());

        HttpResponse<String> answer = browser.post(AuthorizationRoutes.CONSENT,
                browser.consentForm(consentPage, "approve", false).without("consent_id"));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
    }

    // ---- item 12: signing out ----

    @Test
    void signingOutEndsTheSessionAndReturnsToTheSameRequest() {
        HttpResponse<String> consentPage = fixture.consentPage(client.authorizationRequest());
        assertThat(consentPage.body()).contains("Not alice?");
        String session = browser.cookie(SESSION_COOKIE).orElseThrow();

        HttpResponse<String> signedOut = browser.signOut(consentPage);

        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(Browser.location(signedOut))
                .isEqualTo(AuthorizationRoutes.AUTHORIZE + "?" + client.authorizationRequest().encode());
        assertThat(browser.cookie(SESSION_COOKIE)).isEmpty();
        HttpResponse<String> next = browser.follow(signedOut);
        assertThat(next.body()).contains("Sign in");
        // The next person signs in and continues with the same request.
        fixture.server.stores.addUser("bob", "bob's own long password");
        HttpResponse<String> bobsPage = browser.follow(browser.submitLogin(next, "bob", "bob's own long password"));
        assertThat(bobsPage.body()).contains("Allow access?").contains("<strong>bob</strong>");
        // The old session is gone on the server, not only from this browser.
        browser.forgeCookie(SESSION_COOKIE, session);
        assertThat(browser.authorize(client.authorizationRequest()).body()).contains("Sign in");
    }

    @Test
    void aSignOutFormFromAnotherSiteIsRefusedAndTheSessionLives() {
        HttpResponse<String> consentPage = fixture.consentPage(client.authorizationRequest());

        HttpResponse<String> forged = browser.post(AuthorizationRoutes.LOGOUT,
                Form.of("csrf_token", Browser.hiddenField(consentPage, "csrf_token"))); // the consent form's token

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(browser.authorize(client.authorizationRequest()).body()).contains("Allow access?");
    }

    @Test
    void signingOutWithoutASessionOrARequestShowsASignedOutPage() {
        HttpResponse<String> answer = browser.post(AuthorizationRoutes.LOGOUT, Form.of());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("Signed out");
    }

    @Test
    void aSignOutFormWithAnUnreadableRequestIsRefused() {
        fixture.consentPage(client.authorizationRequest());

        HttpResponse<String> answer = browser.post(AuthorizationRoutes.LOGOUT,
                Form.of("authorization_request", "a=1\r\nSet-Cookie: x=y"));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void signOutIsAPostOnly() {
        assertThat(browser.get(AuthorizationRoutes.LOGOUT).statusCode()).isEqualTo(405);
    }

    // ---- item 12: headers ----

    @Test
    void pagesAllowFormsToThisServerAndToTheVerifiedRedirectOriginOnly() {
        PublicClient cli = PublicClient.register(fixture.server, "CLI", LOOPBACK);
        HttpResponse<String> loginPage = browser.authorize(client.authorizationRequest());
        HttpResponse<String> adminLogin = browser.get(AuthorizationRoutes.LOGIN);
        HttpResponse<String> consentPage = fixture.consentPage(client.authorizationRequest());
        HttpResponse<String> loopbackPage = browser.authorize(cli.authorizationRequest()
                .set("redirect_uri", "http://127.0.0.1:40001/cb"));
        HttpResponse<String> refused = browser.authorize(client.authorizationRequest()
                .set("redirect_uri", "https://evil.example/cb"));

        assertThat(csp(loginPage)).endsWith("form-action 'self' https://app.example");
        assertThat(csp(consentPage)).endsWith("form-action 'self' https://app.example");
        assertThat(csp(loopbackPage)).endsWith("form-action 'self' http://127.0.0.1:*");
        assertThat(csp(adminLogin)).endsWith("form-action 'self'");
        assertThat(csp(refused)).endsWith("form-action 'self'").doesNotContain("evil.example");
    }

    @Test
    void aFailedSignInKeepsTheRedirectOriginForTheNextTry() {
        HttpResponse<String> loginPage = browser.authorize(client.authorizationRequest());

        HttpResponse<String> refused = browser.submitLogin(loginPage, USER, "wrong password");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(csp(refused)).endsWith("form-action 'self' https://app.example");
    }

    @Test
    void noHstsOverAnHttpIssuer() {
        assertThat(browser.get(AuthorizationRoutes.LOGIN).headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void hstsOnEveryAnswerOfAnHttpsIssuer() {
        try (var server = new TestServer("https://auth.example.com", Throttle.unlimited(), Throttle.unlimited(),
                List.of(), null)) {
            for (String path : List.of(AuthorizationRoutes.LOGIN, "/.well-known/oauth-authorization-server",
                    "/o/no-such-page")) {
                HttpResponse<String> answer = server.send(HttpRequest.newBuilder(server.uri(path)).GET());
                assertThat(answer.headers().firstValue("Strict-Transport-Security")).as(path)
                        .contains("max-age=31536000");
            }
        }
    }

    private static String csp(HttpResponse<String> page) {
        return page.headers().firstValue("Content-Security-Policy").orElseThrow();
    }
}
