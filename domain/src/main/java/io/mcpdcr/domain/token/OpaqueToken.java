package io.mcpdcr.domain.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * Bearer secrets (codes, access and refresh tokens, session ids): 256 random bits, handed out once and stored only as
 * their SHA-256 hash. A plain hash suffices because the secrets are random, not chosen by people.
 */
public final class OpaqueToken {
    private static final int RANDOM_BYTES = 32;

    private OpaqueToken() {}

    /** A fresh secret, base64url without padding; pass a {@link java.security.SecureRandom}. */
    public static String generate(RandomGenerator random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What is stored and looked up in place of the secret. */
    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
