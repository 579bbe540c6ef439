package io.mcpdcr.application.port;

import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.time.Instant;
import java.util.Optional;

/** Where registered clients live. Implementations throw {@link StoreUnavailableException} when the store fails. */
public interface ClientRegistry {
    /** Stores a new client atomically: afterwards it is found whole, or not at all. */
    void add(ClientRegistration client);

    /** The client, unless it is unknown, deleted or disabled. */
    Optional<ClientRegistration> find(ClientId id);

    /** Why a client is unknown, when there is more to say than "never registered" (a document that failed). */
    default Optional<String> unknownReason(ClientId id) {
        return Optional.empty();
    }

    /** Records a completed token exchange: the only thing that keeps a client from being pruned. */
    void recordUse(ClientId id, Instant at);
}
