package io.mcpdcr.application.gateway;

import io.mcpdcr.application.port.TokenStore;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.RefreshToken;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The token store, with a short-lived cache of the access tokens the gateway found, so a client calling tools in a
 * burst costs one database lookup per {@link #STALENESS_BOUND}, not one per call. A revocation at the revocation
 * endpoint or by a replayed refresh token goes through this store, which drops the revoked family from the cache
 * before it returns: on this instance that token is refused on the very next call. A revocation the cache cannot see
 * (another instance, an admin command or the admin console, a user's account page) takes effect within
 * {@link #STALENESS_BOUND}. Expiry is never cached: the gateway's policy checks the stored expiry
 * on every call. Only tokens that exist are cached, keyed by their hash, at most {@link #MAX_ENTRIES}: a flood of
 * made-up tokens goes to the database as before and cannot grow the cache.
 */
public final class GatewayTokenCache implements TokenStore {
    /** How long a cached token may serve the gateway without the database being asked again (issue 16: at most 5 s). */
    public static final Duration STALENESS_BOUND = Duration.ofSeconds(2);
    /** More tokens than a busy instance sees in use within the bound; under 1 KB each. */
    static final int MAX_ENTRIES = 4_096;

    private record Entry(AccessToken token, Instant foundAt) {}

    private final TokenStore store;
    private final InstantSource clock;
    private final Map<String, Entry> recent = new ConcurrentHashMap<>();
    /** Counts revocations, so a lookup that raced one does not put back what it revoked. */
    private final AtomicLong revocations = new AtomicLong();

    public GatewayTokenCache(TokenStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The access token as the gateway may trust it: from the database, or found there less than the bound ago. */
    public Optional<AccessToken> findAccessForGateway(String hash) {
        Instant now = clock.instant();
        Entry cached = recent.get(hash);
        if (cached != null && now.isBefore(cached.foundAt().plus(STALENESS_BOUND))) {
            return Optional.of(cached.token());
        }
        long revokedBefore = revocations.get();
        Optional<AccessToken> found = store.findAccess(hash);
        if (found.isEmpty()) {
            recent.remove(hash);
            return found;
        }
        if (recent.size() >= MAX_ENTRIES) {
            recent.clear();
        }
        Entry entry = new Entry(found.get(), now);
        recent.put(hash, entry);
        // Put first, then check: a revocation that began after the lookup either sees this entry or is seen here.
        if (revocations.get() != revokedBefore) {
            recent.remove(hash, entry);
        }
        return found;
    }

    @Override
    public void revokeFamily(String familyId) {
        store.revokeFamily(familyId);
        revocations.incrementAndGet();
        recent.values().removeIf(entry -> entry.token().familyId().equals(familyId));
    }

    @Override
    public void issue(AccessToken access, Optional<RefreshToken> refresh) {
        store.issue(access, refresh);
    }

    /** Uncached: introspection and revocation always see the database. */
    @Override
    public Optional<AccessToken> findAccess(String hash) {
        return store.findAccess(hash);
    }

    @Override
    public Optional<RefreshToken> findRefresh(String hash) {
        return store.findRefresh(hash);
    }

    @Override
    public RefreshUse useRefresh(String hash) {
        return store.useRefresh(hash);
    }
}
