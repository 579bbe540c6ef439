package io.mcpdcr.domain.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudiencePolicyTest {
    private static final String MCP = "https://mcp.example.com/mcp";
    private static final String FILES = "https://files.example.com/mcp";
    private static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");

    private static TokenGrant grantFor(String resource) {
        return new TokenGrant(new ClientId("client-1"), "alice", ScopeSet.parse("mcp"), Optional.ofNullable(resource));
    }

    @Test
    void aGrantWithoutAResourceIsBoundToTheDefault() {
        assertThat(new AudiencePolicy(Optional.of(MCP)).bind(grantFor(null))).isEqualTo(grantFor(MCP));
    }

    @Test
    void aGrantNamingAResourceKeepsIt() {
        assertThat(new AudiencePolicy(Optional.of(MCP)).bind(grantFor(FILES))).isEqualTo(grantFor(FILES));
    }

    @Test
    void withoutADefaultAGrantWithoutAResourceStaysWithoutAudience() {
        assertThat(AudiencePolicy.withoutDefault().bind(grantFor(null))).isEqualTo(grantFor(null));
    }

    @ParameterizedTest(name = "consumer {0} accepts a token for {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        https://mcp.example.com/mcp   | https://mcp.example.com/mcp   | true
        -                             | -                             | true
        https://mcp.example.com/mcp   | -                             | false
        -                             | https://mcp.example.com/mcp   | false
        https://mcp.example.com/mcp   | https://files.example.com/mcp | false
        https://mcp.example.com/mcp   | https://mcp.example.com/mcp/  | false
        """)
    void acceptsOnlyItsOwnAudience(String consumer, String audience, boolean accepted) {
        var token = new AccessToken("hash", "family", grantFor(audience), NOW, NOW.plusSeconds(60));

        assertThat(AudiencePolicy.accepts(Optional.ofNullable(consumer), token)).isEqualTo(accepted);
    }
}
