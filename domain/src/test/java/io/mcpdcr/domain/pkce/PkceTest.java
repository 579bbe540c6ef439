package io.mcpdcr.domain.pkce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PkceTest {
    // RFC 7636 Appendix B
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void computesTheS256ChallengeOfAppendixB() {
        assertThat(Pkce.s256(VERIFIER)).isEqualTo(CHALLENGE);
    }

    @Test
    void appendixBVerifierMatchesItsChallenge() {
        assertThat(Pkce.isValidVerifier(VERIFIER)).isTrue();
        assertThat(Pkce.isValidChallenge(CHALLENGE)).isTrue();
        assertThat(Pkce.matches(CHALLENGE, VERIFIER)).isTrue();
    }

    @ParameterizedTest(name = "a verifier of {0} characters is valid: {1}")
    @CsvSource(textBlock = """
        # RFC 7636 §4.1: code-verifier = 43*128unreserved
        0,   false
        1,   false
        42,  false
        43,  true
        44,  true
        127, true
        128, true
        129, false
        """)
    void verifierLength(int length, boolean valid) {
        String verifier = "a".repeat(length);

        assertThat(Pkce.isValidVerifier(verifier)).isEqualTo(valid);
        // matches() applies the same rule, even when the hash itself would fit
        assertThat(Pkce.matches(Pkce.s256(verifier), verifier)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "a verifier may contain \"{0}\"")
    @ValueSource(strings = {"A", "z", "0", "9", "-", ".", "_", "~"})   // RFC 7636 §4.1: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
    void acceptsUnreservedCharacters(String character) {
        String verifier = "a".repeat(42) + character;

        assertThat(Pkce.isValidVerifier(verifier)).isTrue();
        assertThat(Pkce.matches(Pkce.s256(verifier), verifier)).isTrue();
    }

    @ParameterizedTest(name = "a verifier may not contain \"{0}\"")
    @ValueSource(strings = {"+", "/", "=", " ", "%", "!", "*", "'", "(", ":", "é", "\n", "\t", "\u0000"})
    void rejectsOtherCharacters(String character) {
        String verifier = "a".repeat(42) + character;

        assertThat(Pkce.isValidVerifier(verifier)).isFalse();
        assertThat(Pkce.matches(Pkce.s256(verifier), verifier)).isFalse();
    }

    @ParameterizedTest(name = "a challenge \"{0}\" is well formed: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        # RFC 7636 §4.2: BASE64URL(SHA256(verifier)) without padding is always 43 characters
        E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM   | true
        ___________________________________________   | true
        -------------------------------------------   | true
        E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c    | false
        E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cMx  | false
        E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM=  | false
        E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM   | false
        E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw/cM   | false
        E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw.cM   | false
        E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw~cM   | false
        E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw cM   | false
        """)
    void challengeShape(String challenge, boolean valid) {
        assertThat(Pkce.isValidChallenge(challenge)).isEqualTo(valid);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void nullOrEmptyIsNeitherVerifierNorChallenge(String value) {
        assertThat(Pkce.isValidVerifier(value)).isFalse();
        assertThat(Pkce.isValidChallenge(value)).isFalse();
        assertThat(Pkce.matches(value, VERIFIER)).isFalse();
        assertThat(Pkce.matches(CHALLENGE, value)).isFalse();
    }

    @ParameterizedTest(name = "refuses verifier {0}")
    @ValueSource(strings = {
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl",     // one character off
        "DBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",     // case matters
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXkx",    // one character more
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",     // the challenge itself: "plain" is not S256
    })
    void refusesAVerifierThatDoesNotHashToTheChallenge(String verifier) {
        assertThat(Pkce.matches(CHALLENGE, verifier)).isFalse();
    }

    @Test
    void refusesAChallengeThatDiffersInOneCharacter() {
        assertThat(Pkce.matches("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN", VERIFIER)).isFalse();
        assertThat(Pkce.matches("e9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", VERIFIER)).isFalse();
    }

    @Test
    void s256OfAnyVerifierIsAWellFormedChallenge() {
        assertThat(Pkce.s256("a".repeat(43))).matches(Pkce::isValidChallenge);
        assertThat(Pkce.s256("~".repeat(128))).matches(Pkce::isValidChallenge);
        assertThat(Pkce.S256).isEqualTo("S256");
    }
}
