package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.Browser.LOGIN_CSRF_COOKIE;
import static io.mcpdcr.adapters.http.Browser.SESSION_COOKIE;
import static io.mcpdcr.adapters.http.Browser.hiddenField;
import static io.mcpdcr.adapters.http.Browser.location;
import static io.mcpdcr.adapters.http.FlowFixture.PASSWORD;
import static io.mcpdcr.adapters.http.FlowFixture.USER;
import static io.mcpdcr.adapters.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The authorization code flow with PKCE end to end over real sockets: registration, the browser's login and consent
 * pages, the redirect back, and the client's token, refresh, introspection and revocation calls.
 */
class AuthorizationFlowHttpTest {
    private final FlowFixture fixture = new FlowFixture();
    private final Browser browser = fixture.browser;
    private final PublicClient client = fixture.client;

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void theBrowserSignsInApprovesAndIsSentBackWithACode() {
        Form request = client.authorizationRequest();

        HttpResponse<String> loginPage = browser.authorize(request);
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(loginPage.body()).contains("<form method=\"post\" action=\"/o/login\"");
        String loginCsrf = hiddenField(loginPage, "csrf_token");
        assertThat(loginCsrf).isNotBlank();
        assertThat(browser.cookie(LOGIN_CSRF_COOKIE)).contains(loginCsrf);
        assertThat(browser.cookieAttributes(LOGIN_CSRF_COOKIE)).contains("HttpOnly", "SameSite=Lax", "Path=/");

        HttpResponse<String> loggedIn = browser.submitLogin(loginPage, USER, PASSWORD);
        assertThat(loggedIn.statusCode()).isEqualTo(303);
        assertThat(location(loggedIn)).isEqualTo("/o/authorize?" + request.encode());
        assertThat(browser.cookie(SESSION_COOKIE)).hasValueSatisfying(secret -> assertThat(secret).hasSize(43));
        assertThat(browser.cookieAttributes(SESSION_COOKIE))
                .contains("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=" + Duration.ofHours(12).toSeconds())
                .noneMatch(attribute -> attribute.equalsIgnoreCase("Secure"));

        HttpResponse<String> consentPage = browser.follow(loggedIn);
        assertThat(consentPage.statusCode()).isEqualTo(200);
        assertThat(consentPage.body())
                .contains(FlowFixture.CLIENT_NAME)
                .contains("<span class=\"host\">app.example</span>")
                .contains("<span class=\"scope\">mcp</span>", "<span class=\"scope\">profile</span>")
                .contains("<strong>" + USER + "</strong>")
                .contains("<form method=\"post\" action=\"/o/consent\">");
        assertThat(hiddenField(consentPage, "csrf_token")).isNotBlank().isNotEqualTo(loginCsrf);
        assertThat(hiddenField(consentPage, "authorization_request")).isEqualTo(request.encode());

        HttpResponse<String> redirect = browser.submitConsent(consentPage, "approve", false);
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Cache-Control")).contains("no-store");
        PublicClient.Callback callback = client.callback(redirect);
        assertThat(callback.params()).containsOnlyKeys("code", "state", "iss");
        assertThat(callback.param("code")).hasSize(43);
        assertThat(callback.param("state")).isEqualTo(PublicClient.STATE);
        assertThat(callback.param("iss")).isEqualTo(TestServer.ISSUER);
    }

    @Test
    void theCodeIsExchangedForBearerTokens() {
        HttpResponse<String> response = client.token(client.codeExchange(fixture.code()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode tokens = json(response);
        assertThat(tokens.path("access_token").asText()).hasSize(43);
        assertThat(tokens.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(tokens.path("expires_in").asLong()).isEqualTo(Duration.ofHours(1).toSeconds());
        assertThat(tokens.path("refresh_token").asText()).hasSize(43).isNotEqualTo(tokens.path("access_token").asText());
        assertThat(tokens.path("scope").asText()).isEqualTo(PublicClient.SCOPE);
        assertThat(fixture.isActive(tokens.path("access_token").asText())).isTrue();
    }

    @Test
    void refreshRotatesAndReplayingTheOldRefreshTokenRevokesTheFamily() {
        JsonNode first = fixture.tokens();
        String oldRefresh = first.path("refresh_token").asText();

        HttpResponse<String> rotated = client.token(client.refreshRequest(oldRefresh));
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode second = json(rotated);
        String newAccess = second.path("access_token").asText();
        String newRefresh = second.path("refresh_token").asText();
        assertThat(newAccess).isNotEqualTo(first.path("access_token").asText());
        assertThat(newRefresh).isNotEmpty().isNotEqualTo(oldRefresh);
        assertThat(second.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(second.path("scope").asText()).isEqualTo(PublicClient.SCOPE);
        assertThat(fixture.isActive(newAccess)).isTrue();

        HttpResponse<String> replay = client.token(client.refreshRequest(oldRefresh));
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(json(replay).path("error").asText()).isEqualTo("invalid_grant");

        assertThat(fixture.isActive(newAccess)).as("access token of the replayed family").isFalse();
        HttpResponse<String> afterRevocation = client.token(client.refreshRequest(newRefresh));
        assertThat(afterRevocation.statusCode()).isEqualTo(400);
        assertThat(json(afterRevocation).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aResourceServerIntrospectsWithItsCredentials() {
        JsonNode tokens = fixture.tokens();

        HttpResponse<String> response = fixture.introspect(tokens.path("access_token").asText());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = json(response);
        assertThat(body.path("active").asBoolean()).isTrue();
        assertThat(body.path("client_id").asText()).isEqualTo(client.id);
        assertThat(body.path("username").asText()).isEqualTo(USER);
        assertThat(body.path("scope").asText()).isEqualTo(PublicClient.SCOPE);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("iss").asText()).isEqualTo(TestServer.ISSUER);
        assertThat(body.path("iat").asLong()).isEqualTo(TestServer.NOW.getEpochSecond());
        assertThat(body.path("exp").asLong()).isEqualTo(TestServer.NOW.plus(Duration.ofHours(1)).getEpochSecond());

        HttpResponse<String> unknown = fixture.introspect("no-such-token");
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(TestServer.fieldNames(json(unknown))).containsExactly("active");
        assertThat(json(unknown).path("active").asBoolean()).isFalse();
    }

    @Test
    void introspectionRefusesWrongOrMissingCredentials() {
        String access = fixture.tokens().path("access_token").asText();

        for (String authorization : new String[] {
            FlowFixture.basic(FlowFixture.RESOURCE_SERVER, "wrong-secret"),
            FlowFixture.basic("unknown-server", FlowFixture.RESOURCE_SERVER_SECRET),
            FlowFixture.basic(client.id, ""),
            "Bearer " + access,
            null,
        }) {
            HttpResponse<String> response = fixture.introspect(access, authorization);
            assertThat(response.statusCode()).as("Authorization: %s", authorization).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Basic"));
            assertThat(json(response).path("error").asText()).isEqualTo("invalid_client");
            assertThat(response.body()).doesNotContain(USER);
        }
    }

    @Test
    void revocationEndsTheWholeGrant() {
        JsonNode tokens = fixture.tokens();
        String access = tokens.path("access_token").asText();

        HttpResponse<String> response = client.revoke(access);
        assertThat(response.statusCode()).isEqualTo(200);

        assertThat(fixture.isActive(access)).isFalse();
        HttpResponse<String> refresh = client.token(client.refreshRequest(tokens.path("refresh_token").asText()));
        assertThat(json(refresh).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(client.revoke("no-such-token").statusCode()).as("unknown tokens count as revoked").isEqualTo(200);
    }

    @Test
    void aRememberedConsentSkipsTheConsentPageNextTime() {
        HttpResponse<String> first = browser.submitConsent(
                fixture.consentPage(client.authorizationRequest()), "approve", true);
        assertThat(client.callback(first).param("code")).isNotEmpty();

        HttpResponse<String> second = browser.authorize(client.authorizationRequest().set("state", "second-state"));

        assertThat(second.statusCode()).isEqualTo(302);
        PublicClient.Callback callback = client.callback(second);
        assertThat(callback.param("code")).isNotEqualTo(client.callback(first).param("code"));
        assertThat(callback.param("state")).isEqualTo("second-state");
        assertThat(callback.param("iss")).isEqualTo(TestServer.ISSUER);
        assertThat(client.token(client.codeExchange(callback.param("code"))).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutRememberTheConsentPageIsShownAgain() {
        fixture.approve(client.authorizationRequest());

        HttpResponse<String> second = browser.authorize(client.authorizationRequest());

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("<form method=\"post\" action=\"/o/consent\">");
    }

    @Test
    void denyingSendsAccessDeniedBackToTheClient() {
        HttpResponse<String> redirect = browser.submitConsent(
                fixture.consentPage(client.authorizationRequest()), "deny", false);

        assertThat(redirect.statusCode()).isEqualTo(303);
        PublicClient.Callback callback = client.callback(redirect);
        assertThat(callback.param("error")).isEqualTo("access_denied");
        assertThat(callback.param("state")).isEqualTo(PublicClient.STATE);
        assertThat(callback.param("iss")).isEqualTo(TestServer.ISSUER);
        assertThat(callback.has("code")).isFalse();
    }
}
