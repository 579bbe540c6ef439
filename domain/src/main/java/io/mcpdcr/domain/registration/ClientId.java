package io.mcpdcr.domain.registration;

import java.util.Base64;
import java.util.random.RandomGenerator;

/** A public client's identifier: 192 random bits, base64url without padding, so it is unguessable and URL-safe. */
public record ClientId(String value) {
    private static final int RANDOM_BYTES = 24;

    public ClientId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("client_id must not be blank");
        }
    }

    /** Draws a fresh identifier; pass a {@link java.security.SecureRandom}. */
    public static ClientId random(RandomGenerator random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return new ClientId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
