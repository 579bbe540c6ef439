package io.mcpdcr.domain.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.TokenGrant;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayAccessPolicyTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final ProtectedResource GITHUB = ProtectedResource.of("https://auth.example.com",
            new GatewayRoute("/github", URI.create("http://10.0.0.7:8080/mcp"), ScopeSet.parse("repo")));
    private final GatewayAccessPolicy policy = new GatewayAccessPolicy();

    private static Optional<AccessToken> token(String scopes, Optional<String> audience, Instant expiresAt) {
        return Optional.of(new AccessToken("hash", "family", new TokenGrant(new ClientId("client-1"), "alice",
                ScopeSet.parse(scopes), audience), NOW.minus(Duration.ofMinutes(5)), expiresAt));
    }

    @Test
    void aLiveTokenForThisResourceWithTheRequiredScopesIsAllowed() {
        GatewayCheck check = policy.check(token("mcp repo", Optional.of(GITHUB.identifier()), NOW.plusSeconds(1)), GITHUB, NOW);

        assertThat(check).isInstanceOfSatisfying(GatewayCheck.Allowed.class,
                allowed -> assertThat(allowed.grant().username()).isEqualTo("alice"));
    }

    @Test
    void anUnknownTokenIsInvalid() {
        assertThat(policy.check(Optional.empty(), GITHUB, NOW))
                .isEqualTo(new GatewayCheck.InvalidToken(GatewayCheck.Reason.UNKNOWN));
    }

    @Test
    void aTokenIsInvalidFromTheInstantItExpires() {
        assertThat(policy.check(token("repo", Optional.of(GITHUB.identifier()), NOW), GITHUB, NOW))
                .isEqualTo(new GatewayCheck.InvalidToken(GatewayCheck.Reason.EXPIRED));
    }

    @Test
    void theAudienceMustEqualTheResourceExactly() {
        for (Optional<String> audience : new Optional[] {Optional.of("https://auth.example.com/mcp"), Optional.empty(),
                Optional.of("https://auth.example.com/github/"), Optional.of("https://auth.example.com/github/sub"),
                Optional.of("https://AUTH.example.com/github"), Optional.of("http://auth.example.com/github")}) {
            assertThat(policy.check(token("repo", audience, NOW.plusSeconds(60)), GITHUB, NOW)).as(audience.toString())
                    .isEqualTo(new GatewayCheck.InvalidToken(GatewayCheck.Reason.WRONG_AUDIENCE));
        }
    }

    @Test
    void aGoodTokenLackingARequiredScopeIsInsufficient() {
        assertThat(policy.check(token("mcp", Optional.of(GITHUB.identifier()), NOW.plusSeconds(60)), GITHUB, NOW))
                .isEqualTo(new GatewayCheck.InsufficientScope(ScopeSet.parse("repo")));
    }

    @Test
    void challengesFollowRfc6750AndRfc9728() {
        assertThat(BearerChallenge.noToken(GITHUB)).isEqualTo("Bearer resource_metadata="
                + "\"https://auth.example.com/.well-known/oauth-protected-resource/github\", scope=\"repo\"");
        assertThat(BearerChallenge.invalidToken(GITHUB)).isEqualTo("Bearer resource_metadata="
                + "\"https://auth.example.com/.well-known/oauth-protected-resource/github\", scope=\"repo\","
                + " error=\"invalid_token\"");
        assertThat(BearerChallenge.insufficientScope(GITHUB)).isEqualTo("Bearer error=\"insufficient_scope\","
                + " scope=\"repo\", resource_metadata=\"https://auth.example.com/.well-known/oauth-protected-resource/github\"");
    }
}
