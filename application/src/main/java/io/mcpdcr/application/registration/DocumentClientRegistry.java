package io.mcpdcr.application.registration;

import io.mcpdcr.application.port.ClientMetadataDocuments;
import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.application.port.DocumentClientCache;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client registry that also knows clients by their metadata document (draft-ietf-oauth-client-id-metadata-
 * document): an https client_id is resolved by fetching its document, cached for its max-age within 5 minutes and
 * 24 hours, and a failed fetch is not retried for a short back-off. Every other client_id goes to the registrations.
 */
public final class DocumentClientRegistry implements ClientRegistry {
    static final Duration MIN_CACHE = Duration.ofMinutes(5);
    static final Duration MAX_CACHE = Duration.ofHours(24);
    static final Duration FAILURE_BACKOFF = Duration.ofSeconds(30);
    private static final int MAX_FAILURES_REMEMBERED = 10_000;

    private final ClientRegistry registrations;
    private final DocumentClientCache cache;
    private final ClientMetadataDocuments documents;
    private final JsonObjects json;
    private final ClientIdMetadataDocumentPolicy policy;
    private final InstantSource clock;
    private final Map<ClientId, Failure> failures = new ConcurrentHashMap<>();

    public DocumentClientRegistry(ClientRegistry registrations, DocumentClientCache cache,
            ClientMetadataDocuments documents, JsonObjects json, ClientIdMetadataDocumentPolicy policy,
            InstantSource clock) {
        this.registrations = registrations;
        this.cache = cache;
        this.documents = documents;
        this.json = json;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void add(ClientRegistration client) {
        registrations.add(client);
    }

    @Override
    public Optional<ClientRegistration> find(ClientId id) {
        if (!ClientIdMetadataDocumentPolicy.isDocumentUrl(id.value())) {
            return registrations.find(id);
        }
        return resolve(id) instanceof Resolution.Resolved resolved ? Optional.of(resolved.client()) : Optional.empty();
    }

    @Override
    public Optional<String> unknownReason(ClientId id) {
        if (!ClientIdMetadataDocumentPolicy.isDocumentUrl(id.value())) {
            return registrations.unknownReason(id);
        }
        return resolve(id) instanceof Resolution.Refused refused ? Optional.of(refused.reason()) : Optional.empty();
    }

    @Override
    public void recordUse(ClientId id, Instant at) {
        registrations.recordUse(id, at);
    }

    /** The client of a document URL, or why there is none (shown on the error page). */
    public Resolution resolve(ClientId id) {
        Instant now = clock.instant();
        Optional<DocumentClientCache.CachedClient> cached = cache.find(id);
        if (cached.isPresent() && cached.get().disabled()) {
            return new Resolution.Refused("the client has been disabled");
        }
        if (cached.isPresent() && now.isBefore(cached.get().refreshAfter())) {
            return new Resolution.Resolved(cached.get().client());
        }
        Failure failure = failures.get(id);
        if (failure != null && now.isBefore(failure.retryAfter())) {
            return new Resolution.Refused(failure.reason());
        }
        Resolution fetched = fetch(id, now);
        if (fetched instanceof Resolution.Refused refused) {
            if (failures.size() < MAX_FAILURES_REMEMBERED) {
                failures.put(id, new Failure(refused.reason(), now.plus(FAILURE_BACKOFF)));
            }
        } else {
            failures.remove(id);
        }
        return fetched;
    }

    private Resolution fetch(ClientId id, Instant now) {
        Optional<String> urlProblem = ClientIdMetadataDocumentPolicy.urlProblem(id.value());
        if (urlProblem.isPresent()) {
            return new Resolution.Refused(urlProblem.get());
        }
        URI url = URI.create(id.value());
        ClientMetadataDocuments.Fetch fetch = documents.fetch(url);
        if (fetch instanceof ClientMetadataDocuments.Failed failed) {
            return new Resolution.Refused("the client metadata document could not be fetched: " + failed.reason());
        }
        var fetched = (ClientMetadataDocuments.Fetched) fetch;
        Optional<Map<String, Object>> document = json.read(fetched.body());
        if (document.isEmpty()) {
            return new Resolution.Refused("the client metadata document is not a JSON object");
        }
        DocumentCheck check = policy.check(id.value(), document.get());
        if (check instanceof DocumentCheck.Invalid invalid) {
            return new Resolution.Refused(invalid.reason());
        }
        var client = new ClientRegistration(id, ((DocumentCheck.Valid) check).metadata(), now,
                new RegistrationSource(url.getHost(), Optional.of("client metadata document")));
        cache.save(client, now.plus(cacheFor(fetched.maxAge())));
        return new Resolution.Resolved(client);
    }

    /** Cache-Control max-age, held between 5 minutes and 24 hours. */
    static Duration cacheFor(Optional<Duration> maxAge) {
        Duration requested = maxAge.orElse(MIN_CACHE);
        if (requested.compareTo(MIN_CACHE) < 0) {
            return MIN_CACHE;
        }
        return requested.compareTo(MAX_CACHE) > 0 ? MAX_CACHE : requested;
    }

    public sealed interface Resolution {
        record Resolved(ClientRegistration client) implements Resolution {}

        record Refused(String reason) implements Resolution {}
    }

    private record Failure(String reason, Instant retryAfter) {}
}
