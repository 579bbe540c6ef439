package io.mcpdcr.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CSP form-action sources for each kind of redirect URI a client may register. */
class PagesFormActionTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "https://app.example/cb|https://app.example",
        "https://app.example:8443/cb?x=1|https://app.example:8443",
        "http://127.0.0.1:51000/callback|http://127.0.0.1:*",
        "http://localhost/callback|http://localhost:*",
        "http://LOCALHOST:5/callback|http://localhost:*",
        "http://[::1]:51000/callback|http:",
        "cursor://anysphere.cursor-mcp/oauth/callback|cursor:",
        "com.example.app:/oauth|com.example.app:",
    })
    void admitsTheOriginOfTheRedirectUri(String redirectUri, String sources) {
        assertThat(Pages.formActionSources(redirectUri)).isEqualTo(sources);
    }
}
