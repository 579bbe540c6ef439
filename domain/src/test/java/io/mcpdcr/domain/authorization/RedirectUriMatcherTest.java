package io.mcpdcr.domain.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.registration.ClientMetadata;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedirectUriMatcherTest {

    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource(delimiter = '|', textBlock = """
        # RFC 6749 §3.1.2.3, RFC 9700 §4.1.3: simple string comparison
        https://app.example/cb                    | https://app.example/cb
        https://app.example:8443/cb?tenant=7      | https://app.example:8443/cb?tenant=7
        cursor://anysphere.cursor-retrieval/cb    | cursor://anysphere.cursor-retrieval/cb
        http://127.0.0.1:6274/oauth/callback      | http://127.0.0.1:6274/oauth/callback
        # RFC 8252 §7.3: a loopback http redirect may use any port
        http://127.0.0.1/cb                       | http://127.0.0.1:6274/cb
        http://127.0.0.1:3000/cb                  | http://127.0.0.1:51004/cb
        http://127.0.0.1:3000/cb                  | http://127.0.0.1/cb
        http://localhost/callback                 | http://localhost:8080/callback
        http://localhost:6274/callback            | http://localhost:1/callback
        http://[::1]/cb                           | http://[::1]:5000/cb
        http://[::1]:5000/cb                      | http://[::1]:65535/cb
        http://127.0.0.1/cb?mode=x                | http://127.0.0.1:5000/cb?mode=x
        http://127.0.0.1                          | http://127.0.0.1:5000
        """)
    void matches(String registered, String requested) {
        assertThat(RedirectUriMatcher.matches(registered, requested)).isTrue();
    }

    @ParameterizedTest(name = "{0} does not match {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
        # RFC 9700 §4.1.3: everything else is compared exactly
        https://app.example/cb          | https://app.example/cb/                      | path
        https://app.example/cb          | https://app.example/CB                       | path case
        https://app.example/cb          | https://app.example/cb/../cb                 | path traversal
        https://app.example/cb          | https://app.example/c%62                     | percent-encoding
        https://app.example/cb          | https://evil.example/cb                      | host
        https://app.example/cb          | https://app.example.evil.example/cb          | host suffix
        https://app.example/cb          | http://app.example/cb                        | scheme
        https://app.example/cb          | https://app.example/cb?x=1                   | query added
        https://app.example/cb?x=1      | https://app.example/cb?x=2                   | query changed
        https://app.example/cb?x=1      | https://app.example/cb                       | query dropped
        https://app.example/cb          | https://app.example/cb#x                     | fragment
        https://app.example/cb          | https://user@app.example/cb                  | userinfo
        # only http loopback URIs get any port: not https, not other hosts
        https://app.example/cb          | https://app.example:8443/cb                  | port on a non-loopback host
        https://app.example:8443/cb     | https://app.example:8444/cb                  | port on a non-loopback host
        http://app.example/cb           | http://app.example:8080/cb                   | port on a non-loopback http host
        https://localhost:3000/cb       | https://localhost:4000/cb                    | port on https loopback
        https://127.0.0.1/cb            | https://127.0.0.1:8443/cb                    | port on https loopback
        https://[::1]/cb                | https://[::1]:8443/cb                        | port on https loopback
        # RFC 8252 §7.3: with another port, still the same scheme, host spelling, path and query
        http://127.0.0.1/cb             | https://127.0.0.1:5000/cb                    | scheme
        http://127.0.0.1/cb             | http://localhost:5000/cb                     | another loopback spelling
        http://localhost/cb             | http://127.0.0.1:5000/cb                     | another loopback spelling
        http://127.0.0.1/cb             | http://[::1]:5000/cb                         | another loopback spelling
        http://127.0.0.1/cb             | http://127.0.0.2:5000/cb                     | another host
        http://localhost/cb             | http://localhost.evil.example:5000/cb        | another host
        http://127.0.0.1/cb             | http://evil.example:5000/cb                  | another host
        http://127.0.0.1/cb             | http://127.0.0.1:5000/cb/                    | path
        http://127.0.0.1/cb             | http://127.0.0.1:5000/other                  | path
        http://127.0.0.1/cb             | http://127.0.0.1:5000                        | path
        http://127.0.0.1/cb             | http://127.0.0.1:5000/cb?x=1                 | query added
        http://127.0.0.1/cb?a=1         | http://127.0.0.1:5000/cb?a=2                 | query changed
        http://127.0.0.1/cb?a=1         | http://127.0.0.1:5000/cb                     | query dropped
        http://127.0.0.1/cb             | http://user@127.0.0.1:5000/cb                | userinfo
        http://127.0.0.1/cb             | http://127.0.0.1:5000@evil.example/cb        | userinfo hiding another host
        http://127.0.0.1/cb             | http://127.0.0.1:5000/cb#frag                | fragment
        http://127.0.0.1/cb             | http://127.0.0.1:5000/cb#                    | empty fragment
        # RFC 3986 §3.2.3 and RFC 6335: a port is 1 to 65535
        http://127.0.0.1/cb             | http://127.0.0.1:0/cb                        | port 0
        http://127.0.0.1/cb             | http://127.0.0.1:65536/cb                    | port above 65535
        http://127.0.0.1/cb             | http://127.0.0.1:99999999999/cb              | port beyond int
        http://127.0.0.1/cb             | http://127.0.0.1:/cb                         | empty port
        http://127.0.0.1/cb             | http://127.0.0.1:-1/cb                       | negative port
        http://127.0.0.1/cb             | http://127.0.0.1:80a/cb                      | port with a letter
        http://[::1]/cb                 | http://[::1]:0/cb                            | port 0
        # not a URI at all
        http://127.0.0.1/cb             | http://127.0.0.1:5000/c b                    | space
        http://127.0.0.1/cb             | http://127.0.0.1:5000/cb\\                   | backslash
        http://127.0.0.1/cb             | ''                                           | empty
        http://127.0.0.1/cb             | /cb                                          | relative
        """)
    void refuses(String registered, String requested, String difference) {
        assertThat(RedirectUriMatcher.matches(registered, requested)).isFalse();
    }

    @Test
    void refusesAZeroPaddedLoopbackPort() {
        assertThat(RedirectUriMatcher.matches("http://127.0.0.1/cb", "http://127.0.0.1:0080/cb")).isFalse();
    }

    @Test
    void anyPortMeansEveryPortInRange() {
        for (int port : new int[] {1, 80, 443, 1024, 6274, 49152, 65535}) {
            assertThat(RedirectUriMatcher.matches("http://127.0.0.1/cb", "http://127.0.0.1:" + port + "/cb"))
                    .as("port %d", port).isTrue();
        }
    }

    @Test
    void aWebApplicationsRedirectUrisMatchExactly() {
        ClientMetadata web = client(Optional.of("web"));

        assertThat(RedirectUriMatcher.matchesAny(web, "http://127.0.0.1:8080/cb")).isTrue();
        assertThat(RedirectUriMatcher.matchesAny(web, "http://127.0.0.1:9090/cb")).isFalse();
    }

    @Test
    void aNativeOrUntypedApplicationsLoopbackRedirectUrisMatchAnyPort() {
        assertThat(RedirectUriMatcher.matchesAny(client(Optional.of("native")), "http://127.0.0.1:9090/cb")).isTrue();
        assertThat(RedirectUriMatcher.matchesAny(client(Optional.empty()), "http://127.0.0.1:9090/cb")).isTrue();
        assertThat(RedirectUriMatcher.matchesAny(client(Optional.empty()), "http://127.0.0.1:9090/other")).isFalse();
    }

    private static ClientMetadata client(Optional<String> applicationType) {
        return new ClientMetadata("App", List.of("https://app.example/cb", "http://127.0.0.1:8080/cb"),
                List.of("authorization_code"), List.of("code"), "none", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
                applicationType);
    }
}
