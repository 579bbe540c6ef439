package io.mcpdcr.application.authorization;

import java.time.Duration;
import java.util.Objects;

/**
 * The issuer and the lifetimes the flow uses.
 *
 * @param issuer the exact issuer identifier, sent as {@code iss} with every authorization response (RFC 9207)
 */
public record OAuthSettings(
        String issuer,
        Duration codeLifetime,
        Duration accessTokenLifetime,
        Duration refreshTokenLifetime,
        Duration sessionLifetime) {
    public static final Duration MAX_CODE_LIFETIME = Duration.ofMinutes(10);

    public OAuthSettings {
        Objects.requireNonNull(issuer, "issuer");
        if (codeLifetime.isNegative() || codeLifetime.isZero() || codeLifetime.compareTo(MAX_CODE_LIFETIME) > 0) {
            throw new IllegalArgumentException("code lifetime must be between 1 s and 10 min");
        }
        for (Duration lifetime : new Duration[] {accessTokenLifetime, refreshTokenLifetime, sessionLifetime}) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("lifetimes must be positive");
            }
        }
    }
}
