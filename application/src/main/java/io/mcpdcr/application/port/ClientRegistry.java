package io.mcpdcr.application.port;

import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.util.Optional;

/** Where registered clients live. Implementations throw {@link StoreUnavailableException} when the store fails. */
public interface ClientRegistry {
    /** Stores a new client atomically: afterwards it is found whole, or not at all. */
    void add(ClientRegistration client);

    Optional<ClientRegistration> find(ClientId id);
}
