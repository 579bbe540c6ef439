package io.mcpdcr.application.authorization;

import static io.mcpdcr.application.fakes.FlowFixture.ALICE;
import static io.mcpdcr.application.fakes.FlowFixture.CALLBACK;
import static io.mcpdcr.application.fakes.FlowFixture.CHALLENGE;
import static io.mcpdcr.application.fakes.FlowFixture.ISSUER;
import static io.mcpdcr.application.fakes.FlowFixture.OTHER_RESOURCE;
import static io.mcpdcr.application.fakes.FlowFixture.RESOURCE;
import static io.mcpdcr.application.fakes.FlowFixture.STATE;
import static io.mcpdcr.application.fakes.FlowFixture.authorizeRequest;
import static io.mcpdcr.application.fakes.FlowFixture.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.FlowFixture;
import io.mcpdcr.application.token.TokenResponse;
import io.mcpdcr.domain.authorization.AuthorizationRequest;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartAuthorizationTest {
    private final FlowFixture flow = new FlowFixture();
    private final ClientRegistration client = flow.register("inspector");

    private AuthorizationStep start(FlowFixture.Params request, Optional<String> username) {
        return flow.startAuthorization.start(request.map(), username, "192.0.2.1");
    }

    private static Map<String, String> redirectQuery(AuthorizationStep step) {
        assertThat(step).isInstanceOf(AuthorizationStep.Redirect.class);
        return query(((AuthorizationStep.Redirect) step).location());
    }

    @Test
    void asksAnAnonymousUserToLogInFirst() {
        assertThat(start(authorizeRequest(client), Optional.empty())).isEqualTo(new AuthorizationStep.LogInFirst(CALLBACK));
    }

    @Test
    void asksALoggedInUserToConsent() {
        AuthorizationStep step = start(authorizeRequest(client), Optional.of(ALICE));

        assertThat(step).isEqualTo(new AuthorizationStep.AskConsent(new AuthorizationRequest(client.id(), CALLBACK, true,
                CHALLENGE, ScopeSet.parse("mcp"), Optional.of(RESOURCE), Optional.of(STATE)), client));
    }

    @Test
    void showsAnUntrustedRequestBeforeAskingForLogIn() {
        // RFC 6749 §4.1.2.1: an unverified redirect URI is never followed, logged in or not
        var request = authorizeRequest(client).set("redirect_uri", "https://evil.example/cb");

        for (Optional<String> user : List.of(Optional.<String>empty(), Optional.of(ALICE))) {
            assertThat(start(request, user)).isInstanceOfSatisfying(AuthorizationStep.ShowError.class,
                    error -> assertThat(error.error().code().wire()).isEqualTo("invalid_request"));
        }
    }

    @Test
    void showsAnUnknownClientAsAnError() {
        var request = authorizeRequest(client).set("client_id", "removed-client");

        assertThat(start(request, Optional.of(ALICE))).isInstanceOfSatisfying(AuthorizationStep.ShowError.class,
                error -> assertThat(error.error().description()).contains("the client is unknown"));
    }

    @Test
    void showsABadRequestWithALinkBackBeforeAnyoneSignedIn() {
        // RFC 9700 §4.11.2: anyone can register a redirect URI, so without a signed-in user nothing redirects by itself
        for (var request : List.of(authorizeRequest(client).set("code_challenge_method", "plain"),
                authorizeRequest(client).set("response_type", "x"), authorizeRequest(client).without("code_challenge"),
                authorizeRequest(client).set("scope", "admin"), authorizeRequest(client).set("resource", "urn:other"))) {
            AuthorizationStep step = start(request, Optional.empty());

            assertThat(step).isInstanceOfSatisfying(AuthorizationStep.ConfirmReturn.class, confirm -> {
                assertThat(confirm.redirectUri()).isEqualTo(CALLBACK);
                assertThat(confirm.location()).startsWith(CALLBACK + "?error=");
                assertThat(query(confirm.location())).containsEntry("state", STATE).containsEntry("iss", ISSUER)
                        .containsEntry("error", confirm.error().code().wire());
            });
        }
    }

    @Test
    void refusesABadRequestToTheClientOnceSignedIn() {
        var request = authorizeRequest(client).set("code_challenge_method", "plain");

        AuthorizationStep step = start(request, Optional.of(ALICE));

        assertThat(((AuthorizationStep.Redirect) step).location()).startsWith(CALLBACK + "?error=");
        Map<String, String> params = redirectQuery(step);
        assertThat(params).containsEntry("error", "invalid_request")
                .containsEntry("state", STATE)
                .containsEntry("iss", ISSUER)                                     // RFC 9207
                .containsKey("error_description")
                .doesNotContainKey("code");
    }

    @Test
    void rememberedConsentCoveringTheScopesRedirectsAtOnceWithCodeStateAndIssuer() {
        flow.stores.remember(ALICE, client.id(), Optional.of(RESOURCE), ScopeSet.parse("mcp profile"), CALLBACK);

        AuthorizationStep step = start(authorizeRequest(client), Optional.of(ALICE));

        assertThat(((AuthorizationStep.Redirect) step).location()).startsWith(CALLBACK + "?code=");
        Map<String, String> params = redirectQuery(step);
        assertThat(params.keySet()).containsExactly("code", "state", "iss");
        assertThat(params.get("code")).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(params).containsEntry("state", STATE).containsEntry("iss", ISSUER);
    }

    @Test
    void codeFromRememberedConsentIsRedeemableForTheRequestedScopesOnly() {
        flow.stores.remember(ALICE, client.id(), Optional.of(RESOURCE), ScopeSet.parse("mcp profile"), CALLBACK);
        String code = redirectQuery(start(authorizeRequest(client), Optional.of(ALICE))).get("code");

        TokenResponse tokens = flow.tokens(FlowFixture.redeemRequest(client, code));

        assertThat(tokens.scope()).isEqualTo(ScopeSet.parse("mcp"));
    }

    @Test
    void asksAgainWhenTheRequestWidensTheRememberedScopes() {
        flow.stores.remember(ALICE, client.id(), Optional.of(RESOURCE), ScopeSet.parse("mcp"), CALLBACK);

        AuthorizationStep step = start(authorizeRequest(client).set("scope", "mcp profile"), Optional.of(ALICE));

        assertThat(step).isInstanceOf(AuthorizationStep.AskConsent.class);
    }

    @Test
    void asksAgainWhenNoScopeMeansEverySupportedScope() {
        flow.stores.remember(ALICE, client.id(), Optional.of(RESOURCE), ScopeSet.parse("mcp"), CALLBACK);

        AuthorizationStep step = start(authorizeRequest(client).without("scope"), Optional.of(ALICE));

        assertThat(step).isInstanceOfSatisfying(AuthorizationStep.AskConsent.class,
                ask -> assertThat(ask.request().scopes()).isEqualTo(ScopeSet.parse("mcp profile")));
    }

    @Test
    void rememberedConsentIsPerResource() {
        flow.stores.remember(ALICE, client.id(), Optional.of(OTHER_RESOURCE), ScopeSet.parse("mcp profile"), CALLBACK);

        assertThat(start(authorizeRequest(client), Optional.of(ALICE))).isInstanceOf(AuthorizationStep.AskConsent.class);
        assertThat(start(authorizeRequest(client).without("resource"), Optional.of(ALICE)))
                .isInstanceOf(AuthorizationStep.AskConsent.class);
    }

    @Test
    void rememberedConsentAnswersOnlyForTheRedirectUriItWasGivenFor() {
        ClientRegistration two = flow.register("two", FlowFixture.BOTH_GRANTS, CALLBACK, "https://app.example/other");
        flow.stores.remember(ALICE, two.id(), Optional.of(RESOURCE), ScopeSet.parse("mcp profile"), CALLBACK);

        assertThat(start(authorizeRequest(two), Optional.of(ALICE))).isInstanceOf(AuthorizationStep.Redirect.class);
        assertThat(start(authorizeRequest(two).set("redirect_uri", "https://app.example/other"), Optional.of(ALICE)))
                .isInstanceOf(AuthorizationStep.AskConsent.class);
    }

    @Test
    void rememberedConsentNeverAnswersALoopbackOrPrivateUseRedirect() {
        // RFC 8252 §8.6: any local program can take a loopback port or claim a scheme and reuse a public client_id
        for (String registered : List.of("http://127.0.0.1/cb", "http://localhost/cb", "http://[::1]/cb",
                "cursor://anysphere.cursor-mcp/oauth/callback", "https://localhost/cb")) {
            ClientRegistration local = flow.register("local-" + registered.hashCode(), FlowFixture.BOTH_GRANTS, registered);
            flow.stores.remember(ALICE, local.id(), Optional.of(RESOURCE), ScopeSet.parse("mcp profile"), registered);

            assertThat(start(authorizeRequest(local), Optional.of(ALICE))).as(registered)
                    .isInstanceOf(AuthorizationStep.AskConsent.class);
        }
    }

    @Test
    void rememberedConsentIsPerUserAndClient() {
        flow.stores.remember("bob", client.id(), Optional.of(RESOURCE), ScopeSet.parse("mcp profile"), CALLBACK);
        ClientRegistration other = flow.register("other");
        flow.stores.remember(ALICE, other.id(), Optional.of(RESOURCE), ScopeSet.parse("mcp profile"), CALLBACK);

        assertThat(start(authorizeRequest(client), Optional.of(ALICE))).isInstanceOf(AuthorizationStep.AskConsent.class);
    }

    // ---- the audit trail ----

    @Test
    void aCodeIssuedOnRememberedConsentIsRecorded() {
        flow.stores.remember(ALICE, client.id(), Optional.of(RESOURCE), ScopeSet.parse("mcp profile"), CALLBACK);

        start(authorizeRequest(client), Optional.of(ALICE));

        // no consent was asked, so none is recorded: only the code
        assertThat(flow.audit.events()).containsExactly(new AuditEvent(FlowFixture.NOW, AuditAction.AUTHORIZATION,
                AuditOutcome.CODE_ISSUED, Optional.empty(), Optional.of(client.id()), Optional.empty(), Optional.empty(),
                Optional.of(ALICE)));
    }

    @Test
    void askingToLogInOrToConsentRecordsNothing() {
        start(authorizeRequest(client), Optional.empty());
        start(authorizeRequest(client), Optional.of(ALICE));
        start(authorizeRequest(client).set("client_id", "removed-client"), Optional.of(ALICE));

        assertThat(flow.audit.events()).isEmpty();
    }
}
