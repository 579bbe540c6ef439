package io.mcpdcr.domain.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {
    @Test
    void readsTheTokenOfABearerHeaderWhateverTheSchemesCase() {
        assertThat(BearerToken.from(Optional.of("Bearer abc-DEF_123.~+/=="))).isEqualTo(new BearerToken.Present("abc-DEF_123.~+/=="));
        assertThat(BearerToken.from(Optional.of("bearer abc"))).isEqualTo(new BearerToken.Present("abc"));
        assertThat(BearerToken.from(Optional.of("BEARER abc"))).isEqualTo(new BearerToken.Present("abc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwdw==", "Digest x", "Bearerabc"})
    void anotherSchemeIsNoBearerTokenAtAll(String header) {
        assertThat(BearerToken.from(Optional.of(header))).isEqualTo(new BearerToken.Absent());
        assertThat(BearerToken.from(Optional.empty())).isEqualTo(new BearerToken.Absent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearer a b", "Bearer \"abc\"", "Bearer a=b", "Bearer abc,def",
            "Bearer é"})
    void aBearerHeaderWhoseTokenIsNotB64tokenIsMalformed(String header) {
        assertThat(BearerToken.from(Optional.of(header))).isEqualTo(new BearerToken.Malformed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"access_token=x", "a=1&access_token=x", "access%5Ftoken=x", "access_token", "%zz=1"})
    void findsATokenInTheQueryHoweverItIsSpelled(String query) {
        assertThat(BearerToken.isInQuery(query)).isTrue();
    }

    @Test
    void otherQueriesCarryNoToken() {
        assertThat(BearerToken.isInQuery(null)).isFalse();
        assertThat(BearerToken.isInQuery("page=2&token=x&access_tokens=y")).isFalse();
    }

    @Test
    void neverPrintsTheToken() {
        assertThat(new BearerToken.Present("secret-value").toString()).doesNotContain("secret-value");
    }
}
