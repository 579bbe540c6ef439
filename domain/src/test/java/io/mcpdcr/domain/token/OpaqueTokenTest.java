package io.mcpdcr.domain.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpaqueTokenTest {
    private static final String BASE64URL_256_BITS = "[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]";

    /** A generator that fills every byte with 0xFF, to pin the encoding. */
    private static final RandomGenerator ALL_ONES = new RandomGenerator() {
        @Override
        public long nextLong() {
            return -1L;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, (byte) 0xFF);
        }
    };

    @Test
    void generatesTwoHundredFiftySixRandomBitsAsUnpaddedBase64url() {
        String secret = OpaqueToken.generate(new SecureRandom());

        assertThat(secret).hasSize(43).matches(BASE64URL_256_BITS);
        assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
    }

    @Test
    void encodesTheRandomBytesExactly() {
        assertThat(OpaqueToken.generate(ALL_ONES)).isEqualTo("_".repeat(42) + "8");
    }

    @Test
    void drawsAFreshSecretEachTime() {
        var random = new SecureRandom();
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            secrets.add(OpaqueToken.generate(random));
        }

        assertThat(secrets).hasSize(1000);
    }

    @ParameterizedTest(name = "hash of \"{0}\" is {1}")
    @CsvSource(delimiter = '|', textBlock = """
        # FIPS 180-2 test vectors for SHA-256, written as base64url without padding
        ''   | 47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU
        abc  | ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0
        """)
    void hashIsUnpaddedBase64urlSha256(String secret, String hash) {
        assertThat(OpaqueToken.hash(secret)).isEqualTo(hash);
    }

    @Test
    void hashIsStableAndDiffersFromTheSecret() {
        String secret = OpaqueToken.generate(new SecureRandom());

        assertThat(OpaqueToken.hash(secret))
                .isEqualTo(OpaqueToken.hash(new String(secret.toCharArray())))
                .isNotEqualTo(secret)
                .hasSize(43)
                .matches(BASE64URL_256_BITS);
        assertThat(OpaqueToken.hash(secret)).isNotEqualTo(OpaqueToken.hash(secret + "x"));
    }
}
