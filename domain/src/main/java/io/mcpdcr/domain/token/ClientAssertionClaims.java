package io.mcpdcr.domain.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The claims of a client assertion whose signature verified (RFC 7523 §3), read by the adapter that checked it; the
 * rules on them are {@link ClientAssertionPolicy}'s.
 */
public record ClientAssertionClaims(
        Optional<String> issuer,
        Optional<String> subject,
        List<String> audience,
        Optional<Instant> expiresAt,
        Optional<Instant> notBefore,
        Optional<String> jwtId) {
    public ClientAssertionClaims {
        audience = List.copyOf(audience);
    }
}
