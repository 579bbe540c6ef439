package io.mcpdcr.domain.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RememberedConsentPolicyTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"https://app.example/cb", "https://app.example:8443/cb?tenant=7", "HTTPS://App.Example/cb"})
    void anHttpsRedirectToARealHostMayBeRemembered(String redirectUri) {
        assertThat(RememberedConsentPolicy.mayRemember(redirectUri)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "http://127.0.0.1/cb", "http://127.0.0.1:51000/cb", "http://localhost/cb", "http://[::1]:8080/cb",
        "https://localhost/cb", "https://127.0.0.1/cb", "https://[::1]/cb",
        "cursor://anysphere.cursor-mcp/oauth/callback", "com.example.app:/oauth", "not a uri", "https:opaque"})
    void aLoopbackOrPrivateUseRedirectIsNeverRemembered(String redirectUri) {
        assertThat(RememberedConsentPolicy.mayRemember(redirectUri)).isFalse();
    }

    @Test
    void aRememberedConsentAnswersOnlyTheExactRedirectUriItWasGivenFor() {
        assertThat(RememberedConsentPolicy.answers("https://app.example/cb", "https://app.example/cb")).isTrue();
        assertThat(RememberedConsentPolicy.answers("https://app.example/cb", "https://app.example/other")).isFalse();
        assertThat(RememberedConsentPolicy.answers("https://app.example/cb", "https://app.example/cb?x=1")).isFalse();
        assertThat(RememberedConsentPolicy.answers("http://127.0.0.1:5000/cb", "http://127.0.0.1:5000/cb")).isFalse();
    }

    @Test
    void errorsRedirectByThemselvesOnlyOnceSignedIn() {
        assertThat(ErrorRedirectPolicy.redirectsAutomatically(true)).isTrue();
        assertThat(ErrorRedirectPolicy.redirectsAutomatically(false)).isFalse();
    }
}
