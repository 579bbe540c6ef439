package io.mcpdcr.domain.token;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored access token: only the hash of the bearer value is kept.
 *
 * @param familyId the grant lineage (one per code redemption); revoking a family revokes all its tokens
 */
public record AccessToken(String hash, String familyId, TokenGrant grant, Instant issuedAt, Instant expiresAt) {
    public AccessToken {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(grant, "grant");
    }

    public boolean isActiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
