package io.mcpdcr.application.registration;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.ClientLookup;
import io.mcpdcr.application.port.ClientMetadataDocuments;
import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.application.port.DocumentClientCache;
import io.mcpdcr.application.port.DocumentClientCache.FetchFailure;
import io.mcpdcr.application.port.DocumentFetchLog;
import io.mcpdcr.application.port.JsonObjects;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientIdMetadataDocumentPolicy;
import io.mcpdcr.domain.registration.ClientIdMetadataDocumentPolicy.DocumentCheck;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.registration.RegistrationSource;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * The client registry that also knows clients by their metadata document (draft-ietf-oauth-client-id-metadata-
 * document): an https client_id is resolved by fetching its document and cached for its max-age within 5 minutes and
 * 24 hours. Every other client_id goes to the registrations.
 *
 * <p>A first fetch creates a client, so it is a registration: it counts against the requester's and the global
 * registration limits, the same budgets {@link RegisterClient} spends. A document fetched once keeps its client working
 * while its host fails: the last good copy is served for up to {@link #STALE_GRACE} past its refresh time, with a
 * warning, and refetched with a growing back-off rather than on every request. The back-off is kept in the cache, so
 * every instance waits it out rather than each fetching on its own.
 */
public final class DocumentClientRegistry implements ClientRegistry {
    static final Duration MIN_CACHE = Duration.ofMinutes(5);
    static final Duration MAX_CACHE = Duration.ofHours(24);
    static final Duration STALE_GRACE = Duration.ofHours(24);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

    private final ClientRegistry registrations;
    private final DocumentClientCache cache;
    private final ClientMetadataDocuments documents;
    private final JsonObjects json;
    private final ClientIdMetadataDocumentPolicy policy;
    private final RegistrationLimits limits;
    private final DocumentFetchLog log;
    private final AuditLog audit;
    private final InstantSource clock;

    public DocumentClientRegistry(ClientRegistry registrations, DocumentClientCache cache,
            ClientMetadataDocuments documents, JsonObjects json, ClientIdMetadataDocumentPolicy policy,
            RegistrationLimits limits, DocumentFetchLog log, AuditLog audit, InstantSource clock) {
        this.registrations = registrations;
        this.cache = cache;
        this.documents = documents;
        this.json = json;
        this.policy = policy;
        this.limits = limits;
        this.log = log;
        this.audit = audit;
        this.clock = clock;
    }


    @Override
    public void add(ClientRegistration client) {
        registrations.add(client);
    }

    /** A document client only when its document was fetched before: with no requester, nothing new is registered. */
    @Override
    public Optional<ClientRegistration> find(ClientId id) {
        if (!ClientIdMetadataDocumentPolicy.isDocumentUrl(id.value())) {
            return registrations.find(id);
        }
        return resolve(id, Optional.empty()) instanceof ClientLookup.Found found
                ? Optional.of(found.client())
                : Optional.empty();
    }

    @Override
    public ClientLookup lookup(ClientId id, String requester) {
        if (!ClientIdMetadataDocumentPolicy.isDocumentUrl(id.value())) {
            return registrations.lookup(id, requester);
        }
        return resolve(id, Optional.of(requester));
    }

    @Override
    public void recordUse(ClientId id, Instant at) {
        registrations.recordUse(id, at);
    }

    private ClientLookup resolve(ClientId id, Optional<String> requester) {
        Instant now = clock.instant();
        Optional<DocumentClientCache.CachedClient> cached = cache.find(id);
        if (cached.isPresent() && cached.get().disabled()) {
            return unknown("the client has been disabled");
        }
        if (cached.isPresent() && now.isBefore(cached.get().refreshAfter())) {
            return new ClientLookup.Found(cached.get().client());
        }
        Optional<Instant> staleUntil = cached.map(entry -> entry.refreshAfter().plus(STALE_GRACE))
                .filter(now::isBefore);
        Optional<FetchFailure> failure = cache.lastFailure(id);
        if (failure.isPresent() && now.isBefore(failure.get().retryAfter())) {
            return staleUntil.isPresent() ? new ClientLookup.Found(cached.get().client()) : unknown(failure.get().reason());
        }
        if (cached.isEmpty()) {
            if (requester.isEmpty()) {
                return unknown("the client metadata document has not been fetched yet");
            }
            Optional<ClientLookup> throttled = throttledFirstFetch(requester.get(), now);
            if (throttled.isPresent()) {
                return throttled.get();
            }
        }
        ClientLookup fetched = fetch(id, now);
        if (fetched instanceof ClientLookup.Unknown refused) {
            String reason = refused.reason().orElseThrow();
            FetchFailure next = after(failure, reason, now);
            // Kept until a back-off from scratch would be over anyway: a later failure then starts from the first.
            cache.rememberFailure(id, next, next.retryAfter().plus(MAX_BACKOFF));
            if (staleUntil.isPresent()) {
                log.servingStale(id, reason, staleUntil.get());
                return new ClientLookup.Found(cached.get().client());
            }
        } else if (failure.isPresent()) {
            cache.forgetFailure(id);
        }
        return fetched;
    }

    /** A first fetch is a registration: it spends the registration budget, and a refusal is counted as one. */
    private Optional<ClientLookup> throttledFirstFetch(String requester, Instant now) {
        Optional<RegistrationLimits.Refusal> refusal = limits.spend(requester);
        refusal.ifPresent(refused -> audit.countThrottled(refused.limit(), limits.addressKey(requester), now));
        return refusal.map(refused -> new ClientLookup.Throttled(refused.retryAfter()));
    }

    private ClientLookup fetch(ClientId id, Instant now) {
        Optional<String> urlProblem = ClientIdMetadataDocumentPolicy.urlProblem(id.value());
        if (urlProblem.isPresent()) {
            return unknown(urlProblem.get());
        }
        URI url = URI.create(id.value());
        ClientMetadataDocuments.Fetch fetch = documents.fetch(url);
        if (fetch instanceof ClientMetadataDocuments.Failed failed) {
            return unknown("the client metadata document could not be fetched: " + failed.reason());
        }
        var fetched = (ClientMetadataDocuments.Fetched) fetch;
        Optional<Map<String, Object>> document = json.read(fetched.body());
        if (document.isEmpty()) {
            return unknown("the client metadata document is not a JSON object");
        }
        DocumentCheck check = policy.check(id.value(), document.get());
        if (check instanceof DocumentCheck.Invalid invalid) {
            return unknown(invalid.reason());
        }
        var client = new ClientRegistration(id, ((DocumentCheck.Valid) check).metadata(), now,
                new RegistrationSource(url.getHost(), Optional.of("client metadata document")));
        cache.save(client, now.plus(cacheFor(fetched.maxAge())));
        return new ClientLookup.Found(client);
    }

    private static ClientLookup unknown(String reason) {
        return new ClientLookup.Unknown(Optional.of(reason));
    }

    /** Cache-Control max-age, held between 5 minutes and 24 hours. */
    static Duration cacheFor(Optional<Duration> maxAge) {
        Duration requested = maxAge.orElse(MIN_CACHE);
        if (requested.compareTo(MIN_CACHE) < 0) {
            return MIN_CACHE;
        }
        return requested.compareTo(MAX_CACHE) > 0 ? MAX_CACHE : requested;
    }

    /** The failure after {@code previous}: no fetch for the first back-off, then twice the wait after each one. */
    private static FetchFailure after(Optional<FetchFailure> previous, String reason, Instant now) {
        Duration backoff = previous.map(p -> p.backoff().multipliedBy(2)).orElse(FIRST_BACKOFF);
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        return new FetchFailure(reason, now.plus(backoff), backoff);
    }
}
