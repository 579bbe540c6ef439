package io.mcpdcr.domain.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizationResponseTest {

    private static Map<String, String> codeAndState(String state) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", "SplxlOBeZQQYbYS6WxSbIA");
        params.put("state", state);
        params.put("iss", "https://auth.example.com");
        return params;
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
        # RFC 6749 §4.1.2: the parameters go in the query component
        https://app.example/cb                  | https://app.example/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&iss=https%3A%2F%2Fauth.example.com
        http://127.0.0.1:51004/cb               | http://127.0.0.1:51004/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&iss=https%3A%2F%2Fauth.example.com
        # RFC 6749 §3.1.2: the query of the registered URI must be retained
        https://app.example/cb?tenant=7         | https://app.example/cb?tenant=7&code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&iss=https%3A%2F%2Fauth.example.com
        https://app.example/cb?a=1&b=2          | https://app.example/cb?a=1&b=2&code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&iss=https%3A%2F%2Fauth.example.com
        https://app.example/cb?                 | https://app.example/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&iss=https%3A%2F%2Fauth.example.com
        https://app.example/cb?tenant=7&        | https://app.example/cb?tenant=7&code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&iss=https%3A%2F%2Fauth.example.com
        cursor://anysphere.cursor-retrieval/cb  | cursor://anysphere.cursor-retrieval/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&iss=https%3A%2F%2Fauth.example.com
        """)
    void appendsTheParametersInOrderKeepingAnyQuery(String redirectUri, String location) {
        assertThat(AuthorizationResponse.redirect(redirectUri, codeAndState("xyz"))).isEqualTo(location);
    }

    @ParameterizedTest(name = "state \"{0}\" is sent as {1}")
    @CsvSource(delimiter = '|', textBlock = """
        # RFC 6749 Appendix B: application/x-www-form-urlencoded, UTF-8
        a b                          | a+b
        a&b=c                        | a%26b%3Dc
        a+b                          | a%2Bb
        /path?q#frag                 | %2Fpath%3Fq%23frag
        é                            | %C3%A9
        100%                         | 100%25
        safe-._*                     | safe-._*
        """)
    void encodesEveryValue(String state, String encoded) {
        assertThat(AuthorizationResponse.redirect("https://app.example/cb", codeAndState(state)))
                .isEqualTo("https://app.example/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=" + encoded
                        + "&iss=https%3A%2F%2Fauth.example.com");
    }

    @ParameterizedTest(name = "error description \"{0}\" is sent as {1}")
    @CsvSource(delimiter = '|', textBlock = """
        code_challenge_method must be S256 (plain is not supported) | code_challenge_method+must+be+S256+%28plain+is+not+supported%29
        """)
    void encodesNamesAndErrorDescriptions(String description, String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", "invalid_request");
        params.put("error_description", description);
        params.put("a b", "c");

        assertThat(AuthorizationResponse.redirect("https://app.example/cb?x=1", params))
                .isEqualTo("https://app.example/cb?x=1&error=invalid_request&error_description=" + encoded + "&a+b=c");
    }
}
