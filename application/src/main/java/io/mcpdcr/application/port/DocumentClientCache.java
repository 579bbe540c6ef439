package io.mcpdcr.application.port;

import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Clients known from their metadata documents, cached where registered clients live so that every instance shares
 * them and codes and tokens can refer to them. A cache entry is not a registration: it is refreshed from the URL. The
 * last failed fetch of each document is kept there too, so every instance waits out the same back-off.
 */
public interface DocumentClientCache {
    /** The cached client, disabled or not. */
    Optional<CachedClient> find(ClientId id);

    /** Stores or refreshes the entry; a disabled entry stays disabled and its last use is kept. */
    void save(ClientRegistration client, Instant refreshAfter);

    /** The last failed fetch of the document, while it is remembered. */
    Optional<FetchFailure> lastFailure(ClientId id);

    /** Remembers a failed fetch, replacing the one before, until {@code forgetAt}. */
    void rememberFailure(ClientId id, FetchFailure failure, Instant forgetAt);

    /** Forgets the failures of a document fetched well again. */
    void forgetFailure(ClientId id);

    /** A failed fetch: no fetch before {@code retryAfter}, which was {@code backoff} after the failure. */
    record FetchFailure(String reason, Instant retryAfter, Duration backoff) {}

    record CachedClient(ClientRegistration client, Instant refreshAfter, boolean disabled) {}
}
