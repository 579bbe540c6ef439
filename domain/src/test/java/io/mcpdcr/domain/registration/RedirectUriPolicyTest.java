package io.mcpdcr.domain.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectUriPolicyTest {
    private static final String HTTP_LOOPBACK_ONLY = "may use http only on localhost, 127.0.0.1 or [::1]";
    private static final String BAD_SCHEME = "uses a scheme that is not allowed";

    private final RedirectUriPolicy strict = RedirectUriPolicy.strict();
    private final RedirectUriPolicy withCursor = new RedirectUriPolicy(Set.of("cursor", "com.example.app"));

    @ParameterizedTest(name = "accepts {0}")
    @ValueSource(strings = {
        "https://app.example",
        "https://app.example/oauth/callback",
        "https://app.example/cb?state=x&mode=1",        // RFC 6749 §3.1.2: a query is allowed
        "https://app.example:8443/cb",
        "https://192.0.2.10/cb",
        "https://[2001:db8::1]:8443/cb",
        "https://xn--bcher-kva.example/cb",             // IDN written in punycode
        "HTTPS://app.example/cb",                       // RFC 3986 §3.1: schemes are case-insensitive
        "Https://app.example/cb",
        "http://localhost",                             // RFC 8252 §7.3: loopback, port optional
        "http://localhost:3000/callback",
        "http://127.0.0.1/cb",
        "http://127.0.0.1:6274/oauth/callback",
        "http://[::1]:8080/cb",
    })
    void accepts(String uri) {
        assertThat(strict.firstViolation(List.of(uri))).isEmpty();
    }

    @ParameterizedTest(name = "rejects {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        # RFC 8252 §7.3 / §8.3: plain http only on the three loopback spellings
        http://example.com                  | may use http only on localhost, 127.0.0.1 or [::1]
        HTTP://example.com                  | may use http only on localhost, 127.0.0.1 or [::1]
        http://localhost.evil.com           | may use http only on localhost, 127.0.0.1 or [::1]
        http://localhost./                  | may use http only on localhost, 127.0.0.1 or [::1]
        http://127.0.0.1.nip.io             | may use http only on localhost, 127.0.0.1 or [::1]
        http://127.0.0.2                    | may use http only on localhost, 127.0.0.1 or [::1]
        http://0.0.0.0                      | may use http only on localhost, 127.0.0.1 or [::1]
        http://2130706433                   | may use http only on localhost, 127.0.0.1 or [::1]
        http://0x7f000001                   | may use http only on localhost, 127.0.0.1 or [::1]
        http://[::2]/                       | may use http only on localhost, 127.0.0.1 or [::1]
        http://[0:0:0:0:0:0:0:1]/           | may use http only on localhost, 127.0.0.1 or [::1]
        http://127.1/                       | has an invalid host or port
        # RFC 9700 §4.1 / RFC 8252 §7.1: no script, file or unconfigured private-use schemes
        ftp://app.example/cb                | uses a scheme that is not allowed
        javascript:alert(1)                 | uses a scheme that is not allowed
        vbscript:msgbox(1)                  | uses a scheme that is not allowed
        data:text/html;base64,PHNjcmlwdD4=  | uses a scheme that is not allowed
        file:///etc/passwd                  | uses a scheme that is not allowed
        cursor://anysphere.cursor-retrieval/oauth/callback | uses a scheme that is not allowed
        com.example.app:/oauth2redirect     | uses a scheme that is not allowed
        # RFC 6749 §3.1.2: absolute, no fragment
        /cb                                 | must be an absolute URI with a scheme
        //app.example/cb                    | must be an absolute URI with a scheme
        https://app.example/cb#             | must not contain a fragment
        https://app.example/cb#section      | must not contain a fragment
        # RFC 3986 §3.2: a host, a valid port, no userinfo
        https:///cb                         | must name a host
        https://app.example:99999/          | has an invalid port
        https://app.example:0080/cb         | has an invalid port
        http://localhost/cb?a]=b            | must not contain [ or ] outside an IPv6 host (RFC 3986 §3.2.2)
        https://[fe80::1%25eth0]/cb         | has an invalid host or port
        https://app.example:/               | has an invalid port
        https://app.example:0/              | has an invalid port
        https://user@app.example/cb         | must not contain userinfo (user@host)
        http://localhost@evil.com/cb        | must not contain userinfo (user@host)
        # exact matching only, so nothing that looks like a pattern
        https://*.app.example/cb            | must not contain wildcards
        https://app.example/*               | must not contain wildcards
        # strict parsing
        https://app.example\\evil.example/cb | is not a valid URI
        https://app.example/cb%00           | must not contain percent-encoded control characters
        https://app.example/cb%0A           | must not contain percent-encoded control characters
        https://bücher.example/cb           | must be ASCII (write international host names in punycode)
        https://exa mple.com                | must not contain whitespace or control characters
        """)
    void rejects(String uri, String reason) {
        assertThat(strict.firstViolation(List.of(uri))).hasValueSatisfying(error -> {
            assertThat(error.code().wire()).isEqualTo("invalid_redirect_uri");
            assertThat(error.description()).startsWith("redirect_uris[0] ").contains(reason).doesNotContain(uri);
        });
    }

    static Stream<Arguments> controlCharacters() {
        return Stream.of(
                Arguments.of("tab", "https://app.example/c\tb"),
                Arguments.of("carriage return", "https://app.example/cb\r"),
                Arguments.of("line feed", "https://app.example/cb\n"),
                Arguments.of("NUL", "https://app.example/\u0000cb"),
                Arguments.of("DEL", "https://app.example/\u007Fcb"),
                Arguments.of("leading space", " https://app.example/cb"));
    }

    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("controlCharacters")
    void rejectsWhitespaceAndControlCharacters(String label, String uri) {
        assertThat(strict.firstViolation(List.of(uri)))
                .contains(new RegistrationError.InvalidRedirectUri(
                        "redirect_uris[0] must not contain whitespace or control characters"));
    }

    @Test
    void acceptsUpTo2000Characters() {
        String prefix = "https://app.example/";
        String longest = prefix + "a".repeat(RedirectUriPolicy.MAX_LENGTH - prefix.length());

        assertThat(strict.firstViolation(List.of(longest))).isEmpty();
        assertThat(strict.firstViolation(List.of(longest + "a")))
                .contains(new RegistrationError.InvalidRedirectUri("redirect_uris[0] must be at most 2000 characters"));
    }

    @ParameterizedTest(name = "accepts {0} once configured")
    @ValueSource(strings = {"cursor://anysphere.cursor-retrieval/oauth/callback", "com.example.app:/oauth2redirect"})
    void acceptsPrivateUseSchemeOnlyWhenConfigured(String uri) {
        // RFC 8252 §7.1: private-use schemes are for native apps; the operator decides which ones.
        assertThat(withCursor.firstViolation(List.of(uri))).isEmpty();
        assertThat(strict.firstViolation(List.of(uri))).hasValueSatisfying(error -> assertThat(error.description())
                .contains(BAD_SCHEME, "no private-use schemes are allowed on this server", "DCR_REDIRECT_SCHEMES"));
    }

    @Test
    void refusalOfAnUnconfiguredSchemeNamesTheConfiguredOnes() {
        assertThat(withCursor.firstViolation(List.of("vscode://app/cb"))).hasValueSatisfying(error -> assertThat(
                error.description()).contains(BAD_SCHEME, "the private-use schemes allowed here are com.example.app, cursor"));
    }

    @ParameterizedTest(name = "rejects {0} even with the scheme configured: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        cursor://anysphere.cursor-retrieval/cb#x | must not contain a fragment
        cursor://user@anysphere/cb              | must not contain userinfo (user@host)
        com.example.app:oauth2redirect          | must be a hierarchical URI (scheme:// or scheme:/)
        """)
    void privateUseSchemesKeepTheOtherRules(String uri, String reason) {
        assertThat(withCursor.firstViolation(List.of(uri)))
                .contains(new RegistrationError.InvalidRedirectUri("redirect_uris[0] " + reason));
    }

    @ParameterizedTest(name = "an operator cannot allow \"{0}\"")
    @ValueSource(strings = {"https", "http", "javascript", "data", "vbscript", "file", "Cursor", "1app", ""})
    void constructorRefusesReservedOrMalformedSchemes(String scheme) {
        assertThatIllegalArgumentException().isThrownBy(() -> new RedirectUriPolicy(Set.of(scheme)));
    }

    @Test
    void refusesAnEmptyList() {
        assertThat(strict.firstViolation(List.of()))
                .contains(new RegistrationError.InvalidRedirectUri("redirect_uris must contain at least one URI"));
    }

    @Test
    void acceptsTenAndRefusesElevenUris() {
        List<String> ten = Collections.nCopies(RedirectUriPolicy.MAX_URIS, "https://app.example/cb");
        List<String> eleven = Collections.nCopies(RedirectUriPolicy.MAX_URIS + 1, "https://app.example/cb");

        assertThat(strict.firstViolation(ten)).isEmpty();
        assertThat(strict.firstViolation(eleven))
                .contains(new RegistrationError.InvalidRedirectUri("redirect_uris must contain at most 10 URIs"));
    }

    @Test
    void namesTheIndexOfTheFirstBadUri() {
        var uris = List.of("https://app.example/cb", "http://app.example/cb", "javascript:alert(1)");

        assertThat(strict.firstViolation(uris)).hasValueSatisfying(error -> assertThat(error.description())
                .startsWith("redirect_uris[1] " + HTTP_LOOPBACK_ONLY));
    }

    @Test
    void checksTheTextBeforeParsingAndTheSchemeBeforeTheHost() {
        assertThat(strict.ruleNames()).containsExactly("not empty", "bounded length", "printable ASCII", "no fragment",
                "no wildcard", "no encoded control", "parses as a URI", "absolute", "allowed scheme", "hierarchical",
                "no userinfo", "valid host", "brackets only around IPv6", "valid port", "https names a host",
                "http only on loopback", "web loopback names its port");
    }

    @ParameterizedTest(name = "a web application may use {0}")
    @ValueSource(strings = {"https://app.example/cb", "http://127.0.0.1:8080/cb", "http://localhost:3000/callback",
        "http://[::1]:8080/cb"})
    void aWebApplicationMayUseHttpsAndLoopbackWithAPort(String uri) {
        assertThat(withCursor.firstViolation(List.of(uri), true)).isEmpty();
    }

    @ParameterizedTest(name = "a web application may not use {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        http://127.0.0.1/cb                        | must name its port: a web application's (application_type web) loopback redirect URI is matched exactly
        http://localhost                           | must name its port
        cursor://anysphere.cursor-retrieval/cb     | uses a scheme that is not allowed for a web application (application_type web)
        http://app.example:8080/cb                 | may use http only on localhost
        """)
    void aWebApplicationMayNotUseAPortlessLoopbackOrAPrivateUseScheme(String uri, String reason) {
        assertThat(withCursor.firstViolation(List.of(uri), true)).hasValueSatisfying(error -> assertThat(
                error.description()).startsWith("redirect_uris[0] ").contains(reason));
    }

    @Test
    void aNativeApplicationKeepsTheLoopbackAndPrivateUseRules() {
        assertThat(withCursor.firstViolation(
                List.of("http://127.0.0.1/cb", "cursor://anysphere.cursor-retrieval/cb", "https://app.example/cb"), false))
                .isEmpty();
    }
}
