package io.mcpdcr.domain.token;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored refresh token (hash only). Rotated on every use (OAuth 2.1 §4.3.1 for public clients).
 *
 * @param authTime when the user approved the grant (the issue of its code), kept across rotations
 */
public record RefreshToken(
        String hash, String familyId, TokenGrant grant, Instant issuedAt, Instant expiresAt, Instant authTime) {
    public RefreshToken {
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(grant, "grant");
    }

    /** A token of a grant approved when it was issued. */
    public RefreshToken(String hash, String familyId, TokenGrant grant, Instant issuedAt, Instant expiresAt) {
        this(hash, familyId, grant, issuedAt, expiresAt, issuedAt);
    }

    public boolean isActiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
