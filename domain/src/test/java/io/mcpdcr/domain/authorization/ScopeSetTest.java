package io.mcpdcr.domain.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeSetTest {

    @ParameterizedTest(name = "\"{0}\" parses to \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
        mcp                 | mcp
        mcp profile         | mcp profile
        profile mcp         | profile mcp
        '  mcp   profile  ' | mcp profile
        mcp mcp profile     | mcp profile
        ''                  | ''
        '   '               | ''
        """)
    void parsesSpaceSeparatedTokensInTheOrderFirstGiven(String scope, String written) {
        assertThat(ScopeSet.parse(scope).toString()).isEqualTo(written);
    }

    @Test
    void parsesNullAsEmpty() {
        assertThat(ScopeSet.parse(null)).isEqualTo(ScopeSet.EMPTY);
        assertThat(ScopeSet.parse(null).isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" is well formed")
    @ValueSource(strings = {"mcp", "mcp profile", "mcp  profile", "read:tools", "https://mcp.example.com/tools",
        "!#[]~", "a", ""})
    void wellFormed(String scope) {
        // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
        assertThat(ScopeSet.isWellFormed(scope)).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" is malformed")
    @ValueSource(strings = {"\"mcp\"", "mcp\\", "mcp\tprofile", "mcp\nprofile", "mcpé", "mcp\u007F", "mcp\u0000"})
    void malformed(String scope) {
        assertThat(ScopeSet.isWellFormed(scope)).isFalse();
    }

    @ParameterizedTest(name = "refuses token \"{0}\"")
    @ValueSource(strings = {"", "a b", "\"", "\\", "é"})
    void constructorRefusesWhatIsNotAScopeToken(String token) {
        assertThatIllegalArgumentException().isThrownBy(() -> new ScopeSet(Set.of(token)));
    }

    @ParameterizedTest(name = "\"{0}\" contains all of \"{1}\": {2}")
    @CsvSource(delimiter = '|', textBlock = """
        mcp profile | mcp          | true
        mcp profile | profile mcp  | true
        mcp profile | ''           | true
        mcp         | mcp profile  | false
        mcp         | MCP          | false
        ''          | mcp          | false
        """)
    void containsAll(String granted, String asked, boolean contained) {
        assertThat(ScopeSet.parse(granted).containsAll(ScopeSet.parse(asked))).isEqualTo(contained);
    }

    @Test
    void equalityIgnoresOrder() {
        assertThat(ScopeSet.parse("mcp profile")).isEqualTo(ScopeSet.parse("profile mcp"));
    }

    @Test
    void addsAndRemovesOneScopeKeepingTheOrder() {
        ScopeSet scopes = ScopeSet.parse("mcp profile");

        assertThat(scopes.with("offline_access")).hasToString("mcp profile offline_access");
        assertThat(scopes.with("mcp")).isEqualTo(scopes);
        assertThat(scopes.with("offline_access").without("offline_access")).isEqualTo(scopes);
        assertThat(scopes.without("mcp")).hasToString("profile");
    }
}
