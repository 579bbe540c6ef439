package io.mcpdcr.domain.registration;

import java.util.Base64;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * A public client's identifier: 192 random bits, base64url without padding, so it is unguessable and URL-safe; the
 * service's own are prefixed with their time ({@link #timeOrdered}).
 */
public record ClientId(String value) {
    private static final int RANDOM_BYTES = 24;

    public ClientId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("client_id must not be blank");
        }
    }

    /**
     * Draws a fresh identifier; pass a {@link java.security.SecureRandom}. It never starts with "-" or "_", so it is
     * never mistaken for an option on a command line; redrawing keeps every value equally likely.
     */
    public static ClientId random(RandomGenerator random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        String value;
        do {
            random.nextBytes(bytes);
            value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (!Character.isLetterOrDigit(value.charAt(0)));
        return new ClientId(value);
    }

    /**
     * A fresh identifier that sorts after those drawn earlier: the time in milliseconds as 12 hex digits, then 192
     * random bits as {@link #random} draws them. Database indexes insert such ids at their end instead of all over,
     * which keeps the pages a commit rewrites few (H2 rewrote a page per registration). The time reveals nothing the
     * registration response does not already say in {@code client_id_issued_at}.
     */
    public static ClientId timeOrdered(long epochMillis, RandomGenerator random) {
        // The last 12 of 16 hex digits: 48 bits of milliseconds last until the year 10889.
        return new ClientId(HexFormat.of().toHexDigits(epochMillis).substring(4) + random(random).value);
    }

    @Override
    public String toString() {
        return value;
    }
}
