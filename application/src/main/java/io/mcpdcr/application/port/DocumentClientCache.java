package io.mcpdcr.application.port;

import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.time.Instant;
import java.util.Optional;

/**
 * Clients known from their metadata documents, cached where registered clients live so that every instance shares
 * them and codes and tokens can refer to them. A cache entry is not a registration: it is refreshed from the URL.
 */
public interface DocumentClientCache {
    /** The cached client, disabled or not. */
    Optional<CachedClient> find(ClientId id);

    /** Stores or refreshes the entry; a disabled entry stays disabled and its last use is kept. */
    void save(ClientRegistration client, Instant refreshAfter);

    record CachedClient(ClientRegistration client, Instant refreshAfter, boolean disabled) {}
}
