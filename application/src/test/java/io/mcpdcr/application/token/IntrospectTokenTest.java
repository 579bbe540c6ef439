package io.mcpdcr.application.token;

import static io.mcpdcr.application.fakes.FlowFixture.ALICE;
import static io.mcpdcr.application.fakes.FlowFixture.OTHER_RESOURCE;
import static io.mcpdcr.application.fakes.FlowFixture.RESOURCE;
import static io.mcpdcr.application.fakes.FlowFixture.SETTINGS;
import static io.mcpdcr.application.fakes.FlowFixture.authorizeRequest;
import static io.mcpdcr.application.fakes.FlowFixture.redeemRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.FlowFixture;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.oauth.BasicCredentials;
import io.mcpdcr.domain.token.IntrospectionRequest;
import io.mcpdcr.domain.token.ResourceServer;
import io.mcpdcr.domain.oauth.BasicCredentials;
import io.mcpdcr.domain.token.IntrospectionRequest;
import io.mcpdcr.domain.token.TokenGrant;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntrospectTokenTest {
    private static final String SECRET = "rs-secret-0123456789";

    private final FlowFixture flow = new FlowFixture();
    private final ClientRegistration client = flow.register("inspector");

    {
        flow.stores.addResourceServer(new ResourceServer("weather", "Weather MCP", Optional.of(RESOURCE)), SECRET);
        flow.stores.addResourceServer(new ResourceServer("files", "Files MCP", Optional.of(OTHER_RESOURCE)), SECRET);
        flow.stores.addResourceServer(new ResourceServer("gateway", "Gateway", Optional.empty()), SECRET);
    }

    private IntrospectToken.Outcome introspect(String caller, String token) {
        return flow.introspectToken.introspect(new IntrospectionRequest(new BasicCredentials(caller, SECRET), token));
    }

    @Test
    void liveTokenForTheCallerIsActiveWithItsGrant() {
        TokenResponse tokens = flow.tokens(client);

        IntrospectToken.Outcome outcome = introspect("weather", tokens.accessToken());

        assertThat(outcome).isInstanceOfSatisfying(IntrospectToken.Outcome.Active.class, active -> {
            assertThat(active.token().grant())
                    .isEqualTo(new TokenGrant(client.id(), ALICE, ScopeSet.parse("mcp"), Optional.of(RESOURCE)));
            assertThat(active.token().expiresAt()).isEqualTo(FlowFixture.NOW.plus(SETTINGS.accessTokenLifetime()));
        });
    }

    @Test
    void expiredTokenIsInactive() {
        TokenResponse tokens = flow.tokens(client);

        flow.clock.advance(SETTINGS.accessTokenLifetime().minus(Duration.ofSeconds(1)));
        assertThat(introspect("weather", tokens.accessToken())).isInstanceOf(IntrospectToken.Outcome.Active.class);
        flow.clock.advance(Duration.ofSeconds(1));
        assertThat(introspect("weather", tokens.accessToken())).isEqualTo(new IntrospectToken.Outcome.Inactive());
    }

    @ParameterizedTest(name = "caller {0} with secret \"{1}\" is unauthorized")
    @CsvSource(delimiter = '|', textBlock = """
        weather  | wrong-secret
        weather  | ''
        weather  | rs-secret-012345678
        nobody   | rs-secret-0123456789
        ''       | rs-secret-0123456789
        """)
    void wrongCredentialsAreUnauthorized(String caller, String secret) {
        TokenResponse tokens = flow.tokens(client);

        assertThat(flow.introspectToken.introspect(
                new IntrospectionRequest(new BasicCredentials(caller, secret), tokens.accessToken())))
                .isEqualTo(new IntrospectToken.Outcome.Unauthorized());
    }

    @Test
    void unauthorizedCallerLearnsNothingEvenOfUnknownTokens() {
        assertThat(flow.introspectToken.introspect(
                new IntrospectionRequest(new BasicCredentials("weather", "wrong"), "x".repeat(43))))
                .isEqualTo(new IntrospectToken.Outcome.Unauthorized());
    }

    @ParameterizedTest(name = "token for {0} is {2} to {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # RFC 7662 §4 and RFC 8707: a server bound to a resource sees only tokens for it
        https://mcp.example.com/mcp   | weather | active
        https://mcp.example.com/mcp   | files   | inactive
        https://files.example.com/mcp | weather | inactive
        https://files.example.com/mcp | files   | active
        # MCP "Token Audience Binding": no audience on either side is no wildcard
        https://mcp.example.com/mcp   | gateway | inactive
        -                             | weather | inactive
        -                             | gateway | active
        """)
    void resourceServerSeesOnlyTokensForItsResource(String resource, String caller, String state) {
        var request = resource == null ? authorizeRequest(client).without("resource") : authorizeRequest(client).set("resource", resource);
        TokenResponse tokens = flow.tokens(redeemRequest(client, flow.approve(request, ALICE).get("code")));

        IntrospectToken.Outcome outcome = introspect(caller, tokens.accessToken());

        assertThat(outcome).isInstanceOf(state.equals("active")
                ? IntrospectToken.Outcome.Active.class
                : IntrospectToken.Outcome.Inactive.class);
    }

    @Test
    void unknownRevokedAndRefreshTokensAreInactive() {
        TokenResponse revoked = flow.tokens(client);
        flow.revoke(new FlowFixture.Params()
                .set("token", revoked.accessToken()).set("client_id", client.id().value()));
        TokenResponse live = flow.tokens(client);

        assertThat(introspect("weather", revoked.accessToken())).isEqualTo(new IntrospectToken.Outcome.Inactive());
        assertThat(introspect("weather", "x".repeat(43))).isEqualTo(new IntrospectToken.Outcome.Inactive());
        assertThat(introspect("weather", live.refreshToken().orElseThrow())).isEqualTo(new IntrospectToken.Outcome.Inactive());
        assertThat(introspect("weather", live.accessToken())).isInstanceOf(IntrospectToken.Outcome.Active.class);
    }
}
