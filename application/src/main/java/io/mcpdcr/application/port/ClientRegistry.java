package io.mcpdcr.application.port;

import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.time.Instant;
import java.util.Optional;

/** Where registered clients live. Implementations throw {@link StoreUnavailableException} when the store fails. */
public interface ClientRegistry {
    /** Stores a new client atomically: afterwards it is found whole, or not at all. */
    void add(ClientRegistration client);

    /** The client, unless it is unknown, deleted or disabled; never registers one (see {@link #lookup}). */
    Optional<ClientRegistration> find(ClientId id);

    /**
     * The client for a request from {@code requester} (its address). Unlike {@link #find}, this may register it: an
     * https client_id seen for the first time is fetched, and that counts against the requester's registration limits.
     */
    default ClientLookup lookup(ClientId id, String requester) {
        return find(id).<ClientLookup>map(ClientLookup.Found::new)
                .orElseGet(() -> new ClientLookup.Unknown(Optional.empty()));
    }

    /** Records a completed token exchange: the only thing that keeps a client from being pruned. */
    void recordUse(ClientId id, Instant at);
}
