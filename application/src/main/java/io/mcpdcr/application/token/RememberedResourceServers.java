package io.mcpdcr.application.token;

import io.mcpdcr.application.port.ResourceServerRegistry;
import io.mcpdcr.domain.token.OpaqueToken;
import io.mcpdcr.domain.token.ResourceServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers resource servers that authenticated successfully, so a resource server introspecting every request it
 * serves is checked against the registry once per {@link #LIFETIME} instead of on every call. Only the hash of a
 * verified secret is kept ({@link OpaqueToken#hash}, as the registry stores it), and a presented secret is compared
 * with it in constant time. Failures are never remembered: a wrong secret always reaches the registry. The price: a
 * secret removed or rotated in the registry keeps working here until its entry expires.
 */
public final class RememberedResourceServers implements ResourceServerRegistry {
    public static final Duration LIFETIME = Duration.ofSeconds(30);
    /** Only verified credentials are remembered, so this bounds memory against nothing but a very large fleet. */
    public static final int MAX_ENTRIES = 1000;

    private final ResourceServerRegistry registry;
    private final InstantSource clock;
    private final Duration lifetime;
    private final int maxEntries;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public RememberedResourceServers(ResourceServerRegistry registry, InstantSource clock) {
        this(registry, clock, LIFETIME, MAX_ENTRIES);
    }

    RememberedResourceServers(ResourceServerRegistry registry, InstantSource clock, Duration lifetime, int maxEntries) {
        this.registry = registry;
        this.clock = clock;
        this.lifetime = lifetime;
        this.maxEntries = maxEntries;
    }

    @Override
    public Optional<ResourceServer> authenticate(String id, String secret) {
        byte[] digest = OpaqueToken.hash(secret).getBytes(StandardCharsets.US_ASCII);
        Instant now = clock.instant();
        Verified known = verified.get(id);
        if (known != null && now.isBefore(known.until()) && MessageDigest.isEqual(known.secretDigest(), digest)) {
            return Optional.of(known.server());
        }
        Optional<ResourceServer> server = registry.authenticate(id, secret);
        server.ifPresent(found -> remember(id, new Verified(digest, found, now.plus(lifetime)), now));
        return server;
    }

    /** How many verified secrets are remembered now, expired ones included until they are swept. */
    int size() {
        return verified.size();
    }

    private void remember(String id, Verified entry, Instant now) {
        if (!verified.containsKey(id) && verified.size() >= maxEntries) {
            verified.values().removeIf(old -> !now.isBefore(old.until()));
            if (verified.size() >= maxEntries) {
                return; // still full of live entries: this one is simply checked against the registry each time
            }
        }
        verified.put(id, entry);
    }

    private record Verified(byte[] secretDigest, ResourceServer server, Instant until) {}
}
