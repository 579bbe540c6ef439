package io.mcpdcr.domain.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenGrantTest {
    private static final ClientId CLIENT = new ClientId("client-1");
    private static final String RESOURCE = "https://mcp.example.com/mcp";

    private static TokenGrant grant(String scopes, String resource) {
        return new TokenGrant(CLIENT, "alice", ScopeSet.parse(scopes), Optional.ofNullable(resource));
    }

    private static Optional<ScopeSet> scopes(String requested) {
        return Optional.ofNullable(requested).map(ScopeSet::parse);
    }

    @ParameterizedTest(name = "granted \"{0}\" for {1}, asked scope \"{2}\" resource {3} → \"{4}\" for {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # RFC 6749 §6: "MUST NOT include any scope not originally granted"; omitted means as originally granted
        mcp profile | -                            | -           | -                            | mcp profile | -
        mcp profile | -                            | ''          | -                            | mcp profile | -
        mcp profile | -                            | mcp         | -                            | mcp         | -
        mcp profile | -                            | profile mcp | -                            | profile mcp | -
        mcp profile | -                            | profile     | -                            | profile     | -
        # RFC 8707 §2.2: the resource may stay, or be named when the grant had none
        mcp         | https://mcp.example.com/mcp  | -           | -                            | mcp         | https://mcp.example.com/mcp
        mcp         | https://mcp.example.com/mcp  | -           | https://mcp.example.com/mcp  | mcp         | https://mcp.example.com/mcp
        mcp         | -                            | -           | https://mcp.example.com/mcp  | mcp         | https://mcp.example.com/mcp
        mcp profile | https://mcp.example.com/mcp  | mcp         | https://mcp.example.com/mcp  | mcp         | https://mcp.example.com/mcp
        """)
    void narrows(String granted, String grantedResource, String asked, String askedResource, String scope, String resource) {
        TokenGrant.Narrowing narrowing = grant(granted, grantedResource).narrow(scopes(asked), Optional.ofNullable(askedResource));

        assertThat(narrowing).isEqualTo(new TokenGrant.Narrowing.Narrowed(grant(scope, resource)));
    }

    @ParameterizedTest(name = "granted \"{0}\" for {1}, asked scope \"{2}\" resource {3} → {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        mcp         | -                            | mcp profile  | -                             | invalid_scope
        mcp         | -                            | admin        | -                             | invalid_scope
        mcp         | -                            | MCP          | -                             | invalid_scope
        mcp         | https://mcp.example.com/mcp  | mcp admin    | https://other.example/mcp     | invalid_scope
        mcp         | https://mcp.example.com/mcp  | -            | https://other.example/mcp     | invalid_target
        mcp         | https://mcp.example.com/mcp  | mcp          | https://mcp.example.com/mcp/  | invalid_target
        """)
    void refusesToWiden(String granted, String grantedResource, String asked, String askedResource, String code) {
        TokenGrant.Narrowing narrowing = grant(granted, grantedResource).narrow(scopes(asked), Optional.ofNullable(askedResource));

        assertThat(narrowing).isInstanceOfSatisfying(TokenGrant.Narrowing.Refused.class,
                refused -> assertThat(refused.error().code().wire()).isEqualTo(code));
    }

    @Test
    void refusalsNameTheParameter() {
        assertThat(grant("mcp", RESOURCE).narrow(scopes("admin"), Optional.empty())).isEqualTo(new TokenGrant.Narrowing.Refused(
                TokenError.invalidScope("scope may only narrow the scopes originally granted")));
        assertThat(grant("mcp", RESOURCE).narrow(Optional.empty(), Optional.of("https://other.example/")))
                .isEqualTo(new TokenGrant.Narrowing.Refused(
                        TokenError.invalidTarget("resource must be the one originally granted")));
    }

    @Test
    void narrowingKeepsClientAndUser() {
        TokenGrant.Narrowing narrowing = new TokenGrant(new ClientId("c"), "bob", ScopeSet.parse("a b"), Optional.empty())
                .narrow(scopes("a"), Optional.empty());

        assertThat(narrowing).isInstanceOfSatisfying(TokenGrant.Narrowing.Narrowed.class, narrowed -> {
            assertThat(narrowed.grant().clientId()).isEqualTo(new ClientId("c"));
            assertThat(narrowed.grant().username()).isEqualTo("bob");
        });
    }
}
