package io.mcpdcr.domain.token;

import java.time.Instant;
import java.util.Objects;

/**
 * The public half of a key that signs JWT access tokens, as every instance reads it from the database.
 *
 * @param slot the rotation period the key was made for; one key per slot, so instances racing at start-up or at a
 *     rotation agree on one key
 * @param publicJwk the public key as a JSON Web Key, {@code kid} and {@code alg} included
 * @param activatesAt from when it signs; until then it is published only, so caches already hold it
 */
public record SigningKey(String kid, long slot, String algorithm, String publicJwk, Instant activatesAt) {
    public SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicJwk, "publicJwk");
        Objects.requireNonNull(activatesAt, "activatesAt");
    }
}
