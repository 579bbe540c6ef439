package io.mcpdcr.application.port;

import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;

/**
 * The jti of every client assertion accepted and not yet expired, shared by all instances, so that an assertion is
 * used once (RFC 7523 §3 item 7). Expired entries are deleted by the purge job.
 */
public interface UsedClientAssertions {
    /** Records the jti; false when the client already used it. */
    boolean firstUse(ClientId client, String jwtId, Instant rememberUntil);
}
