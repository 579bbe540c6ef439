package io.mcpdcr.application.authorization;

import static io.mcpdcr.application.fakes.FlowFixture.ISSUER;
import static io.mcpdcr.application.fakes.FlowFixture.STATE;
import static io.mcpdcr.application.fakes.FlowFixture.VERIFIER;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.FlowFixture;
import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.application.token.IntrospectToken;
import io.mcpdcr.domain.oauth.BasicCredentials;
import io.mcpdcr.domain.token.IntrospectionRequest;
import io.mcpdcr.application.token.TokenOutcome;
import io.mcpdcr.application.token.TokenResponse;
import io.mcpdcr.domain.pkce.Pkce;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.ResourceServer;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One MCP client, end to end: authorize, log in, consent, redeem, introspect, refresh, revoke. */
class AuthorizationCodeFlowTest {
    private final FlowFixture flow = new FlowFixture();
    private final LogIn logIn = new LogIn(flow.stores, flow.stores, LoginLimits.none(), new VerificationGate(4), flow.clock,
            new SecureRandom(), FlowFixture.SETTINGS.sessionLifetime(), flow.audit);

    @Test
    void nativeClientOnALoopbackPort() {
        ClientRegistration inspector = flow.register("inspector", FlowFixture.BOTH_GRANTS, "http://127.0.0.1/oauth/callback");
        flow.stores.addUser("alice", "correct horse battery staple");
        flow.stores.addResourceServer(
                new ResourceServer("weather", "Weather", Optional.of(FlowFixture.RESOURCE)), "rs-secret-0123456789");
        String redirectUri = "http://127.0.0.1:6274/oauth/callback";
        Map<String, List<String>> authorize = FlowFixture.authorizeRequest(inspector)
                .set("redirect_uri", redirectUri)
                .set("code_challenge", Pkce.s256(VERIFIER))
                .map();

        assertThat(flow.startAuthorization.start(authorize, Optional.empty(), "192.0.2.1"))
                .isEqualTo(new AuthorizationStep.LogInFirst(redirectUri));

        var loggedIn = (LogIn.Outcome.LoggedIn) logIn.logIn("alice", "correct horse battery staple".toCharArray(), "127.0.0.1");
        Optional<String> user = logIn.sessionUser(loggedIn.sessionSecret());
        assertThat(flow.startAuthorization.start(authorize, user, "192.0.2.1")).isInstanceOf(AuthorizationStep.AskConsent.class);

        var redirect = (AuthorizationStep.Redirect) flow.decide(
                authorize, user.orElseThrow(), DecideConsent.Decision.APPROVE_AND_REMEMBER);
        assertThat(redirect.location()).startsWith(redirectUri + "?code=");
        Map<String, String> response = FlowFixture.query(redirect.location());
        assertThat(response).containsEntry("state", STATE).containsEntry("iss", ISSUER);

        TokenResponse tokens = flow.tokens(new FlowFixture.Params()
                .set("grant_type", "authorization_code")
                .set("client_id", "inspector")
                .set("code", response.get("code"))
                .set("redirect_uri", redirectUri)
                .set("code_verifier", VERIFIER));
        assertThat(flow.introspectToken.introspect(new IntrospectionRequest(
                new BasicCredentials("weather", "rs-secret-0123456789"), tokens.accessToken())))
                .isInstanceOf(IntrospectToken.Outcome.Active.class);

        TokenResponse refreshed = flow.tokens(FlowFixture.refreshRequest(inspector, tokens.refreshToken().orElseThrow()));
        assertThat(flow.revoke(new FlowFixture.Params()
                .set("token", refreshed.refreshToken().orElseThrow()).set("client_id", "inspector"))).isEmpty();

        assertThat(flow.introspectToken.introspect(new IntrospectionRequest(
                new BasicCredentials("weather", "rs-secret-0123456789"), refreshed.accessToken())))
                .isEqualTo(new IntrospectToken.Outcome.Inactive());
        assertThat(flow.exchange(
                FlowFixture.refreshRequest(inspector, refreshed.refreshToken().orElseThrow())))
                .isInstanceOf(TokenOutcome.Refused.class);
        // RFC 8252 §8.6: any local program can listen on a loopback port, so "remember" never applies there
        assertThat(flow.startAuthorization.start(authorize, user, "192.0.2.1")).isInstanceOf(AuthorizationStep.AskConsent.class);
    }
}
