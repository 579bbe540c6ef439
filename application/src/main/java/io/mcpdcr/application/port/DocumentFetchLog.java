package io.mcpdcr.application.port;

import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;

/** Tells the operator about metadata documents that keep their clients working although their host fails. */
@FunctionalInterface
public interface DocumentFetchLog {
    /** A refetch failed, so the last good copy is served, at most until {@code until}; a warning, not an outage yet. */
    void servingStale(ClientId client, String reason, Instant until);
}
