package io.mcpdcr.domain.token;

import java.time.Instant;
import java.util.Objects;

/** A stored refresh token (hash only). Rotated on every use (OAuth 2.1 §4.3.1 for public clients). */
public record RefreshToken(String hash, String familyId, TokenGrant grant, Instant issuedAt, Instant expiresAt) {
    public RefreshToken {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(grant, "grant");
    }

    public boolean isActiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
