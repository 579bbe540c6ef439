package io.mcpdcr.application.port;

import io.mcpdcr.domain.registration.ClientRegistration;
import java.time.Duration;
import java.util.Optional;

/** A client looked up for a request: found, unknown, or refused for now because finding it would register it. */
public sealed interface ClientLookup {
    record Found(ClientRegistration client) implements ClientLookup {}

    /** @param reason why, when there is more to say than "never registered" (a metadata document that failed) */
    record Unknown(Optional<String> reason) implements ClientLookup {}

    /**
     * The first fetch of a metadata document is a registration, and the requester's address or the server has used
     * its registration budget.
     */
    record Throttled(Duration retryAfter) implements ClientLookup {}
}
