package io.mcpdcr.application.gateway;

import static io.mcpdcr.application.fakes.FlowFixture.ALICE;
import static io.mcpdcr.application.fakes.FlowFixture.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.FlowFixture;
import io.mcpdcr.application.token.RevokeToken;
import io.mcpdcr.application.token.TokenResponse;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.gateway.BearerToken;
import io.mcpdcr.domain.gateway.GatewayAccessPolicy;
import io.mcpdcr.domain.gateway.GatewayCheck;
import io.mcpdcr.domain.gateway.GatewayRoute;
import io.mcpdcr.domain.gateway.ProtectedResource;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.ClientAuthentication;
import io.mcpdcr.domain.token.RevocationRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizeGatewayCallTest {
    /** FlowFixture's tokens are for https://mcp.example.com/mcp: the gateway of an issuer at that origin. */
    private static final ProtectedResource MCP = ProtectedResource.of("https://mcp.example.com",
            new GatewayRoute("/mcp", URI.create("http://127.0.0.1:3000/mcp"), ScopeSet.EMPTY));
    private static final ProtectedResource FILES = ProtectedResource.of("https://files.example.com",
            new GatewayRoute("/mcp", URI.create("http://127.0.0.1:3001/mcp"), ScopeSet.EMPTY));

    private final FlowFixture flow = new FlowFixture();
    private final ClientRegistration client = flow.register("inspector");
    private final List<String> written = new ArrayList<>();
    private final RefusedTokenTally tally = new RefusedTokenTally(
            (route, reason, refusals, at) -> written.add(route + " " + reason + " " + refusals + " " + at), flow.clock);
    /** The gateway's view of the tokens; revocations go through it, as Wiring has every use case do. */
    private final GatewayTokenCache cache = new GatewayTokenCache(flow.stores, flow.clock);
    private final RevokeToken revokeToken = new RevokeToken(flow.clients, flow.authenticator, cache, flow.audit, flow.clock);
    private final AuthorizeGatewayCall authorize =
            new AuthorizeGatewayCall(cache, new GatewayAccessPolicy(), flow.clock, tally);

    private GatewayOutcome call(ProtectedResource resource, String token) {
        return authorize.authorize(resource, new BearerToken.Present(token));
    }

    @Test
    void aLiveTokenForTheRouteCallsOnBehalfOfItsUserAndClient() {
        TokenResponse tokens = flow.tokens(client);

        assertThat(call(MCP, tokens.accessToken()))
                .isEqualTo(new GatewayOutcome.Allowed(ALICE, client.id().value(), ScopeSet.parse("mcp")));
    }

    @Test
    void noTokenMalformedTokenUnknownTokenAndAnotherResourcesTokenAreRefused() {
        TokenResponse tokens = flow.tokens(client);

        assertThat(authorize.authorize(MCP, new BearerToken.Absent())).isEqualTo(new GatewayOutcome.NoToken());
        assertThat(authorize.authorize(MCP, new BearerToken.Malformed()))
                .isEqualTo(new GatewayOutcome.InvalidToken(GatewayCheck.Reason.UNKNOWN));
        assertThat(call(MCP, "never-issued")).isEqualTo(new GatewayOutcome.InvalidToken(GatewayCheck.Reason.UNKNOWN));
        assertThat(call(FILES, tokens.accessToken()))
                .isEqualTo(new GatewayOutcome.InvalidToken(GatewayCheck.Reason.WRONG_AUDIENCE));
    }

    @Test
    void expiryAndRevocationTakeEffectOnTheVeryNextCall() {
        TokenResponse tokens = flow.tokens(client);
        TokenResponse other = flow.tokens(client);
        assertThat(call(MCP, tokens.accessToken())).isInstanceOf(GatewayOutcome.Allowed.class);
        assertThat(call(MCP, other.accessToken())).as("now cached").isInstanceOf(GatewayOutcome.Allowed.class);

        revokeToken.revoke(new RevocationRequest(new ClientAuthentication.None(client.id()), tokens.accessToken()));
        assertThat(call(MCP, tokens.accessToken())).isEqualTo(new GatewayOutcome.InvalidToken(GatewayCheck.Reason.UNKNOWN));

        flow.clock.advance(SETTINGS.accessTokenLifetime());
        assertThat(call(MCP, other.accessToken())).isEqualTo(new GatewayOutcome.InvalidToken(GatewayCheck.Reason.EXPIRED));
    }

    @Test
    void aTokenRevokedPastTheCacheIsRefusedOnceTheStalenessBoundHasPassed() {
        TokenResponse tokens = flow.tokens(client);
        assertThat(call(MCP, tokens.accessToken())).isInstanceOf(GatewayOutcome.Allowed.class);

        // Another instance (or an admin command) revokes: this instance's cache does not see it.
        flow.revoke(new FlowFixture.Params().set("client_id", client.id().value()).set("token", tokens.accessToken()));
        assertThat(call(MCP, tokens.accessToken())).as("within the bound").isInstanceOf(GatewayOutcome.Allowed.class);

        flow.clock.advance(GatewayTokenCache.STALENESS_BOUND);
        assertThat(call(MCP, tokens.accessToken())).isEqualTo(new GatewayOutcome.InvalidToken(GatewayCheck.Reason.UNKNOWN));
    }

    @Test
    void refusedTokensAreWrittenAsCountsPerRouteAndReasonOnlyWhenFlushed() {
        TokenResponse tokens = flow.tokens(client);
        call(MCP, "never-issued");
        call(MCP, "never-issued-either");
        authorize.authorize(MCP, new BearerToken.Malformed());
        call(FILES, tokens.accessToken());
        call(MCP, tokens.accessToken());
        authorize.authorize(MCP, new BearerToken.Absent());
        assertThat(written).as("nothing is written per call").isEmpty();

        tally.flush();

        assertThat(written).containsExactlyInAnyOrder("/mcp unknown 3 " + FlowFixture.NOW,
                "/mcp wrong_audience 1 " + FlowFixture.NOW);
        written.clear();
        tally.flush();
        assertThat(written).as("counted once").isEmpty();
    }

    @Test
    void countsSurviveAStoreThatIsDownUntilTheNextFlush() {
        List<Long> stored = new ArrayList<>();
        boolean[] down = {true};
        var flaky = new RefusedTokenTally((route, reason, refusals, at) -> {
            if (down[0]) {
                throw new io.mcpdcr.application.port.StoreUnavailableException("down", new RuntimeException());
            }
            stored.add(refusals);
        }, flow.clock);
        var calls = new AuthorizeGatewayCall(cache, new GatewayAccessPolicy(), flow.clock, flaky);
        calls.authorize(MCP, new BearerToken.Present("nope"));
        calls.authorize(MCP, new BearerToken.Present("nope"));

        org.assertj.core.api.Assertions.assertThatThrownBy(flaky::flush)
                .isInstanceOf(io.mcpdcr.application.port.StoreUnavailableException.class);
        down[0] = false;
        calls.authorize(MCP, new BearerToken.Present("nope"));
        flaky.flush();

        assertThat(stored).containsExactly(3L);
    }

    @Test
    void aRouteRequiringAScopeTheTokenLacksIsInsufficientScope() {
        TokenResponse tokens = flow.tokens(client);
        var strict = ProtectedResource.of("https://mcp.example.com",
                new GatewayRoute("/mcp", URI.create("http://127.0.0.1:3000/mcp"), ScopeSet.parse("mcp profile")));

        assertThat(call(strict, tokens.accessToken()))
                .isEqualTo(new GatewayOutcome.InsufficientScope(ScopeSet.parse("mcp profile")));
    }
}
