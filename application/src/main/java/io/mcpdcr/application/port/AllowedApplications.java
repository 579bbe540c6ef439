package io.mcpdcr.application.port;

import io.mcpdcr.domain.account.AllowedApplication;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import java.util.List;

/** What each user allowed, gathered from remembered consents and tokens, and taking it back. */
public interface AllowedApplications {
    /** The applications holding a remembered consent of the user's or a token not expired at {@code now}. */
    List<AllowedApplication> allowedBy(String username, Instant now);

    /**
     * Deletes, in one transaction, the user's codes, tokens and remembered consents for the client, and nobody
     * else's: the application must ask the user again. False when there was nothing to delete.
     */
    boolean revoke(String username, ClientId clientId);
}
