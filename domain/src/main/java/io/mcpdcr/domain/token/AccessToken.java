package io.mcpdcr.domain.token;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored access token: only the hash of the bearer value is kept.
 *
 * @param authTime when the user approved the grant (the issue of its code), kept across refreshes
 * @param familyId the grant lineage (one per code redemption); revoking a family revokes all its tokens
 */
public record AccessToken(
        String hash, String familyId, TokenGrant grant, Instant issuedAt, Instant expiresAt, Instant authTime) {
    public AccessToken {
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(grant, "grant");
    }

    /** A token of a grant approved when it was issued. */
    public AccessToken(String hash, String familyId, TokenGrant grant, Instant issuedAt, Instant expiresAt) {
        this(hash, familyId, grant, issuedAt, expiresAt, issuedAt);
    }

    public boolean isActiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
