package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.Browser.hiddenField;
import static io.mcpdcr.adapters.http.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpdcr.domain.monitoring.AuditEvent;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /o/account} over a socket: signing in to it, the list of allowed applications, and revoking one. */
class AccountHttpTest {
    private final FlowFixture fixture = new FlowFixture();
    private final Browser browser = fixture.browser;
    private final PublicClient client = fixture.client;

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void signingInFromTheAccountPageReturnsToIt() {
        HttpResponse<String> redirect = browser.get(AccountRoutes.ACCOUNT);
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(location(redirect)).isEqualTo("/o/login?next=account");

        HttpResponse<String> loginPage = browser.follow(redirect);
        assertThat(loginPage.body()).contains("Sign in to see the applications you allowed.");
        HttpResponse<String> signedIn = browser.post(AuthorizationRoutes.LOGIN,
                browser.loginForm(loginPage, FlowFixture.USER, FlowFixture.PASSWORD).add("next", "account"));

        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(location(signedIn)).isEqualTo(AccountRoutes.ACCOUNT);
        HttpResponse<String> page = browser.follow(signedIn);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Applications you allowed", "You have not allowed any application.");
    }

    @Test
    void aNextFieldNamingAnotherPlaceLeadsBackToTheAuthorizationRequestOnly() {
        HttpResponse<String> loginPage = browser.get(AuthorizationRoutes.LOGIN + "?next=account");

        HttpResponse<String> signedIn = browser.post(AuthorizationRoutes.LOGIN,
                browser.loginForm(loginPage, FlowFixture.USER, FlowFixture.PASSWORD).add("next", "//evil.example/"));

        assertThat(location(signedIn)).startsWith(AuthorizationRoutes.AUTHORIZE + "?");
    }

    @Test
    void listsTheApplicationWithItsHostScopesAndTimes() {
        fixture.tokens();

        HttpResponse<String> page = browser.get(AccountRoutes.ACCOUNT);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.body()).contains(FlowFixture.CLIENT_NAME, "app.example", "<span class=\"scope\">mcp</span>",
                "2026-11-28 12:00 UTC", "Revoke", "action=\"/o/logout\"");
        assertThat(hiddenField(page, "client_id")).isEqualTo(client.id);
    }

    @Test
    void revokingEndsTheTokensAndTheRememberedConsent() {
        HttpResponse<String> consentPage = fixture.consentPage(client.authorizationRequest());
        assertThat(consentPage.body()).contains("Manage the applications you allowed", "href=\"/o/account\"");
        String code = client.callback(browser.submitConsent(consentPage, "approve", true)).param("code");
        JsonNode tokens = TestServer.json(client.token(client.codeExchange(code)));
        assertThat(fixture.isActive(tokens.path("access_token").asText())).isTrue();
        assertThat(browser.authorize(client.authorizationRequest()).statusCode()).as("remembered").isEqualTo(302);

        HttpResponse<String> answer = revoke(browser.get(AccountRoutes.ACCOUNT), client.id);

        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(location(answer)).isEqualTo(AccountRoutes.ACCOUNT + "?done=revoked");
        assertThat(browser.follow(answer).body()).contains("Access revoked.", "You have not allowed any application.");
        assertThat(fixture.isActive(tokens.path("access_token").asText())).isFalse();
        HttpResponse<String> refresh = client.token(client.refreshRequest(tokens.path("refresh_token").asText()));
        assertThat(refresh.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(refresh).path("error").asText()).isEqualTo("invalid_grant");
        HttpResponse<String> again = browser.authorize(client.authorizationRequest());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("Allow access?");
        assertThat(fixture.server.audit.events()).last().satisfies(event -> {
            assertThat(event.action()).isEqualTo(AuditEvent.AuditAction.APPLICATION_REVOKED);
            assertThat(event.username()).contains(FlowFixture.USER);
            assertThat(event.clientId().map(Object::toString)).contains(client.id);
        });
    }

    @Test
    void aRevokeFormWithoutTheCsrfTokenIsRefused() {
        String access = fixture.tokens().path("access_token").asText();

        HttpResponse<String> answer = browser.post(AccountRoutes.REVOKE, Form.of("client_id", client.id));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("Form expired");
        assertThat(fixture.isActive(access)).isTrue();
    }

    @Test
    void anotherUsersGrantCannotBeRevoked() {
        String access = fixture.tokens().path("access_token").asText();
        // Mallory allowed an application of her own, so her page has a revoke form to tamper with.
        fixture.server.stores.addUser("mallory", "mallory password 1");
        var mallory = new Browser(fixture.server);
        PublicClient hers = PublicClient.register(fixture.server, "Mallory's app", "https://mallory.example/cb");
        HttpResponse<String> consentPage = mallory.signIn(hers.authorizationRequest(), "mallory", "mallory password 1");
        hers.token(hers.codeExchange(hers.callback(mallory.submitConsent(consentPage, "approve", false)).param("code")));
        HttpResponse<String> page = mallory.get(AccountRoutes.ACCOUNT);
        assertThat(page.body()).contains("Mallory&#39;s app").doesNotContain(FlowFixture.CLIENT_NAME);

        HttpResponse<String> answer = mallory.post(AccountRoutes.REVOKE,
                Form.of("csrf_token", hiddenField(page, "csrf_token"), "client_id", client.id));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("Nothing to revoke");
        assertThat(fixture.isActive(access)).isTrue();
    }

    @Test
    void aRevokeFormNamingTwoApplicationsIsAnInvalidRequest() {
        fixture.tokens();
        HttpResponse<String> page = browser.get(AccountRoutes.ACCOUNT);

        HttpResponse<String> answer = browser.post(AccountRoutes.REVOKE, Form.of("csrf_token",
                hiddenField(page, "csrf_token"), "client_id", client.id, "client_id", client.id));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("The form names more than one application.", "invalid_request");
    }

    @Test
    void aRevokeFormNamingAClientIdWithAControlCharacterIsAnInvalidRequest() {
        fixture.tokens();
        HttpResponse<String> page = browser.get(AccountRoutes.ACCOUNT);

        HttpResponse<String> answer = revoke(page, client.id + "\u0000");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("The form names no known application.", "invalid_request");
        assertThat(browser.get(AccountRoutes.ACCOUNT).body()).contains(FlowFixture.CLIENT_NAME);
    }

    @Test
    void aRevokeWithoutASessionAsksToSignInAgain() {
        HttpResponse<String> answer = new Browser(fixture.server).post(AccountRoutes.REVOKE,
                Form.of("csrf_token", "x", "client_id", client.id));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("Session expired");
    }

    private HttpResponse<String> revoke(HttpResponse<String> page, String clientId) {
        return browser.post(AccountRoutes.REVOKE,
                Form.of("csrf_token", hiddenField(page, "csrf_token"), "client_id", clientId));
    }
}
