package io.mcpdcr.application.port;

import io.mcpdcr.domain.authorization.PendingConsent;
import java.time.Instant;

/** Consent pages awaiting an answer, shared by every instance so that an answer is accepted once, wherever it lands. */
public interface ConsentInteractionStore {
    /** Stores the interaction, keeping only the latest {@link PendingConsent#MAX_PER_SESSION} of its session. */
    void open(PendingConsent pending);

    /**
     * Ends the interaction if it exists, belongs to this session and request, and has not expired: one atomic
     * statement, so of two concurrent answers exactly one wins.
     *
     * @return whether this call ended it
     */
    boolean close(String idHash, String sessionHash, String requestHash, Instant now);
}
