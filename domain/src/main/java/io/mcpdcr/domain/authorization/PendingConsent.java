package io.mcpdcr.domain.authorization;

import java.time.Instant;
import java.util.Objects;

/**
 * A consent page shown and not yet answered. Approve or deny ends it, so a replayed answer finds nothing. Only hashes
 * are kept: of the random id the form carries, of the session it was shown to, and of the authorization request.
 */
public record PendingConsent(String idHash, String sessionHash, String requestHash, Instant expiresAt) {
    /**
     * Consent pages a session may have open at once; opening another forgets the oldest. Enough for a few tabs, and
     * a signed-in user reloading in a loop cannot grow the table beyond this per session.
     */
    public static final int MAX_PER_SESSION = 10;

    public PendingConsent {
        Objects.requireNonNull(idHash, "idHash");
        Objects.requireNonNull(sessionHash, "sessionHash");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
