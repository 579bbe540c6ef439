package io.mcpdcr.domain.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnownClientTest {
    private final KnownClient claude = new KnownClient("Claude", Set.of("claude.ai", "anthropic.com"));

    @ParameterizedTest(name = "{0} is the vendor''s: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        # the same host, or a subdomain of one
        claude.ai                   | true
        CLAUDE.AI                   | true
        Claude.Ai                   | true
        www.claude.ai               | true
        a.b.claude.ai               | true
        console.anthropic.com       | true
        # a suffix that is no subdomain, a prefix, a parent or another domain
        evilclaude.ai               | false
        xclaude.ai                  | false
        claude.ai.evil.example      | false
        claude.aix                  | false
        laude.ai                    | false
        ai                          | false
        anthropic.co                | false
        evil.example                | false
        """)
    void ownsItsHostsAndTheirSubdomainsOnly(String host, boolean owned) {
        assertThat(claude.ownsHost(host)).isEqualTo(owned);
    }

    @Test
    void vendorHostsAreComparedInLowerCase() {
        var client = new KnownClient("Acme", Set.of("Acme.EXAMPLE"));

        assertThat(client.vendorHosts()).containsExactly("acme.example");
        assertThat(client.ownsHost("login.acme.example")).isTrue();
    }

    @Test
    void aClientWithoutVendorHostsOwnsNone() {
        // the MCP Inspector runs on loopback only, which the policy allows anyway
        var inspector = new KnownClient("MCP Inspector", Set.of());

        assertThat(inspector.ownsHost("inspector.example")).isFalse();
        assertThat(inspector.ownsHost("localhost")).isFalse();
    }

    @Test
    void theNameIsTrimmed() {
        assertThat(new KnownClient("  Claude \n", Set.of()).name()).isEqualTo("Claude");
    }
}
