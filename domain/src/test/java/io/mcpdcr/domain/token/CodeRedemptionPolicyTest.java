package io.mcpdcr.domain.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.authorization.AuthorizationCode;
import io.mcpdcr.domain.authorization.AuthorizationRequest;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.oauth.OAuthErrorCode;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CodeRedemptionPolicyTest {
    private static final ClientId CLIENT = new ClientId("client-1");
    private static final ClientId OTHER = new ClientId("client-2");
    private static final String CALLBACK = "https://app.example/cb";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";   // RFC 7636 Appendix B
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final Instant ISSUED = Instant.parse("2026-03-01T09:30:00Z");
    private static final Instant EXPIRES = ISSUED.plus(Duration.ofMinutes(1));
    private static final Instant SOON = ISSUED.plusSeconds(5);

    private static AuthorizationCode code(boolean redirectUriGiven) {
        var request = new AuthorizationRequest(CLIENT, CALLBACK, redirectUriGiven, CHALLENGE, ScopeSet.parse("mcp"),
                Optional.of("https://mcp.example.com/mcp"), Optional.of("xyz"));
        return new AuthorizationCode("hash", request, "alice", ISSUED, EXPIRES);
    }

    static Stream<Arguments> redeemable() {
        return Stream.of(
                Arguments.of("redirect_uri repeated", true, CLIENT, Optional.of(CALLBACK), VERIFIER, SOON),
                Arguments.of("at the moment of issue", true, CLIENT, Optional.of(CALLBACK), VERIFIER, ISSUED),
                Arguments.of("one nanosecond before expiry", true, CLIENT, Optional.of(CALLBACK), VERIFIER,
                        EXPIRES.minusNanos(1)),
                // RFC 6749 §4.1.3: redirect_uri is required only "if the redirect_uri parameter was included"
                Arguments.of("redirect_uri not given either time", false, CLIENT, Optional.empty(), VERIFIER, SOON),
                Arguments.of("redirect_uri given only at the token endpoint, equal", false, CLIENT, Optional.of(CALLBACK),
                        VERIFIER, SOON));
    }

    @ParameterizedTest(name = "redeemable: {0}")
    @MethodSource("redeemable")
    void redeemable(String label, boolean given, ClientId client, Optional<String> redirectUri, String verifier, Instant now) {
        assertThat(CodeRedemptionPolicy.refusal(code(given), client, redirectUri, verifier, now)).isEmpty();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("another client", true, OTHER, Optional.of(CALLBACK), VERIFIER, SOON,
                        TokenError.invalidGrant("the code was issued to another client")),
                Arguments.of("another client, even when also expired", true, OTHER, Optional.of(CALLBACK), VERIFIER, EXPIRES,
                        TokenError.invalidGrant("the code was issued to another client")),
                // RFC 6749 §4.1.2: codes are short-lived; expiresAt itself is already too late
                Arguments.of("at expiresAt", true, CLIENT, Optional.of(CALLBACK), VERIFIER, EXPIRES,
                        TokenError.invalidGrant("the code has expired")),
                Arguments.of("after expiresAt", true, CLIENT, Optional.of(CALLBACK), VERIFIER, EXPIRES.plusSeconds(3600),
                        TokenError.invalidGrant("the code has expired")),
                // RFC 6749 §4.1.3
                Arguments.of("redirect_uri given before, missing now", true, CLIENT, Optional.empty(), VERIFIER, SOON,
                        TokenError.invalidRequest("redirect_uri is required: the authorization request had one")),
                Arguments.of("redirect_uri mismatched", true, CLIENT, Optional.of("https://app.example/other"), VERIFIER, SOON,
                        TokenError.invalidGrant("redirect_uri differs from the one in the authorization request")),
                Arguments.of("redirect_uri with a trailing slash", true, CLIENT, Optional.of(CALLBACK + "/"), VERIFIER, SOON,
                        TokenError.invalidGrant("redirect_uri differs from the one in the authorization request")),
                Arguments.of("redirect_uri not given before, mismatched now", false, CLIENT,
                        Optional.of("https://app.example/other"), VERIFIER, SOON,
                        TokenError.invalidGrant("redirect_uri differs from the one in the authorization request")),
                // RFC 7636 §4.6
                Arguments.of("wrong verifier", true, CLIENT, Optional.of(CALLBACK), "a".repeat(43), SOON,
                        TokenError.invalidGrant("code_verifier does not match the code_challenge")),
                Arguments.of("verifier too short", true, CLIENT, Optional.of(CALLBACK), VERIFIER.substring(1), SOON,
                        TokenError.invalidGrant("code_verifier does not match the code_challenge")),
                Arguments.of("the challenge as verifier (plain)", true, CLIENT, Optional.of(CALLBACK), CHALLENGE, SOON,
                        TokenError.invalidGrant("code_verifier does not match the code_challenge")));
    }

    @ParameterizedTest(name = "refused: {0}")
    @MethodSource("refused")
    void refused(String label, boolean given, ClientId client, Optional<String> redirectUri, String verifier, Instant now,
            TokenError error) {
        assertThat(CodeRedemptionPolicy.refusal(code(given), client, redirectUri, verifier, now)).contains(error);
    }

    @Test
    void loopbackRedirectMustBeRepeatedWithTheSamePort() {
        var request = new AuthorizationRequest(CLIENT, "http://127.0.0.1:51004/cb", true, CHALLENGE, ScopeSet.parse("mcp"),
                Optional.empty(), Optional.empty());
        var code = new AuthorizationCode("hash", request, "alice", ISSUED, EXPIRES);

        assertThat(CodeRedemptionPolicy.refusal(code, CLIENT, Optional.of("http://127.0.0.1:51004/cb"), VERIFIER, SOON)).isEmpty();
        assertThat(CodeRedemptionPolicy.refusal(code, CLIENT, Optional.of("http://127.0.0.1:51005/cb"), VERIFIER, SOON))
                .hasValueSatisfying(error -> assertThat(error.code()).isEqualTo(OAuthErrorCode.INVALID_GRANT));
    }

    @Test
    void grantCarriesClientUserScopesAndResource() {
        assertThat(TokenGrant.of(code(true))).isEqualTo(new TokenGrant(CLIENT, "alice", ScopeSet.parse("mcp"),
                Optional.of("https://mcp.example.com/mcp")));
    }
}
