package io.mcpdcr.application.port;

import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.RefreshToken;
import java.util.Optional;

/** Access and refresh tokens, by hash, grouped in families that are revoked together. */
public interface TokenStore {
    /** Stores an access token and, when given, its refresh token, atomically. */
    void issue(AccessToken access, Optional<RefreshToken> refresh);

    Optional<AccessToken> findAccess(String hash);

    Optional<RefreshToken> findRefresh(String hash);

    /** Marks a refresh token used atomically: of concurrent callers exactly one gets {@link Fresh}. */
    RefreshUse useRefresh(String hash);

    /** Deletes every token of the family. */
    void revokeFamily(String familyId);

    sealed interface RefreshUse {}

    record Fresh(RefreshToken token) implements RefreshUse {}

    /** The token was rotated before: someone replays it, so the family must be revoked. */
    record Reused(RefreshToken token) implements RefreshUse {}

    record Unknown() implements RefreshUse {}
}
