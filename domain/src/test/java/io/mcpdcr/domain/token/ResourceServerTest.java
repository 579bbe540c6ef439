package io.mcpdcr.domain.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceServerTest {
    private static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");

    private static AccessToken tokenFor(String resource) {
        var grant = new TokenGrant(new ClientId("client-1"), "alice", ScopeSet.parse("mcp"), Optional.ofNullable(resource));
        return new AccessToken("hash", "family", grant, NOW, NOW.plusSeconds(3600));
    }

    @ParameterizedTest(name = "server bound to {0} may inspect a token for {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # the audience must be the server's resource exactly; no resource on either side matches only itself
        -                            | -                             | true
        https://mcp.example.com/mcp  | https://mcp.example.com/mcp   | true
        # MCP "Token Audience Binding": neither side's missing resource is a wildcard
        -                            | https://mcp.example.com/mcp   | false
        https://mcp.example.com/mcp  | -                             | false
        # RFC 7662 §4, RFC 8707: a token meant for another audience is none of its business
        https://mcp.example.com/mcp  | https://other.example/mcp     | false
        https://mcp.example.com/mcp  | https://mcp.example.com/mcp/  | false
        https://mcp.example.com/mcp  | https://MCP.example.com/mcp   | false
        """)
    void mayInspect(String serverResource, String tokenResource, boolean allowed) {
        var server = new ResourceServer("weather-mcp", "Weather", Optional.ofNullable(serverResource));

        assertThat(server.mayInspect(tokenFor(tokenResource))).isEqualTo(allowed);
    }
}
