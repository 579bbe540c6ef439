package io.mcpdcr.domain.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessTokenClaimsTest {
    private static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");

    @Test
    void theSubjectIsAStablePseudonymNotTheUsername() {
        var grant = new TokenGrant(new ClientId("c1"), "alice", ScopeSet.parse("mcp"), Optional.of("https://rs/mcp"));
        var claims = AccessTokenClaims.of("https://as", grant, NOW, NOW.plusSeconds(60), "jti", NOW, false);
        assertThat(claims.subject()).doesNotContain("alice").startsWith("u_").hasSize(34)
                .isEqualTo(AccessTokenClaims.subjectOf("alice"))
                .isNotEqualTo(AccessTokenClaims.subjectOf("alice2"));
        assertThat(claims.audience()).isEqualTo("https://rs/mcp");
        assertThat(claims.preferredUsername()).isEmpty();
        assertThat(AccessTokenClaims.of("https://as", grant, NOW, NOW, "j", NOW, true).preferredUsername())
                .contains("alice");
    }

    @Test
    void aGrantWithoutResourceIsForTheIssuer() {
        var grant = new TokenGrant(new ClientId("c1"), "alice", ScopeSet.parse("mcp"), Optional.empty());
        assertThat(AccessTokenClaims.of("https://as", grant, NOW, NOW, "j", NOW, false).audience())
                .isEqualTo("https://as");
    }
}
