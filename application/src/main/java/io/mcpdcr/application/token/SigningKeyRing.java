package io.mcpdcr.application.token;

import io.mcpdcr.application.port.JwtSigner;
import io.mcpdcr.application.port.SigningKeyStore;
import io.mcpdcr.application.port.SigningKeyStore.StoredSigningKey;
import io.mcpdcr.domain.token.AccessTokenClaims;
import io.mcpdcr.domain.token.SigningKey;
import io.mcpdcr.domain.token.SigningKeyPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The keys that sign JWT access tokens, kept by the {@link SigningKeyPolicy}: {@link #maintain} makes the first key at
 * start-up and the next ones ahead of their slot, and drops the expired ones; it runs on every instance's schedule, and
 * the store's one-key-per-slot rule makes racing instances agree. Signing and publishing read the keys from a copy
 * reloaded from the store every {@link #RELOAD}, so every instance picks up a key another one made.
 */
public final class SigningKeyRing {
    /** How stale the in-memory copy of the keys may be; keys are made long before they sign, so this is plenty. */
    static final Duration RELOAD = Duration.ofSeconds(10);

    private final SigningKeyStore store;
    private final JwtSigner signer;
    private final SigningKeyPolicy policy;
    private final InstantSource clock;
    private volatile Snapshot snapshot = new Snapshot(List.of(), Instant.MIN, List.of(), "");

    private record Snapshot(List<StoredSigningKey> keys, Instant loadedAt, List<SigningKey> published, String keySet) {}

    public SigningKeyRing(SigningKeyStore store, JwtSigner signer, SigningKeyPolicy policy, InstantSource clock) {
        this.store = store;
        this.signer = signer;
        this.policy = policy;
        this.clock = clock;
    }

    /** What {@link #maintain} did. */
    public record Maintenance(int created, int dropped, String currentKid) {}

    /** Makes the keys that are due, drops the expired ones, and reloads. */
    public Maintenance maintain() {
        Instant now = clock.instant();
        List<SigningKey> keys = publicHalves(store.all());
        SigningKeyPolicy.Plan plan = policy.plan(keys, now);
        int created = 0;
        for (SigningKeyPolicy.NewKey due : plan.create()) {
            created += store.add(signer.generate(due.slot(), due.activatesAt())) ? 1 : 0;
        }
        int dropped = plan.drop().isEmpty() ? 0 : store.drop(plan.drop());
        Snapshot loaded = reload(now);
        String current = policy.current(publicHalves(loaded.keys()), now).map(SigningKey::kid).orElse("none");
        return new Maintenance(created, dropped, current);
    }

    /** At start-up: makes the first key if there is none, and reads every private key, failing when one is unreadable. */
    public Maintenance start() {
        Maintenance done = maintain();
        snapshot.keys().forEach(signer::prepare);
        return done;
    }

    /** Signs the claims with the current key. */
    public String sign(AccessTokenClaims claims) {
        Instant now = clock.instant();
        Optional<StoredSigningKey> current = current(fresh(now), now);
        if (current.isEmpty()) {
            current = current(reload(now), now); // a key made since the last load, by this instance or another
        }
        return signer.sign(claims, current.orElseThrow(() -> new IllegalStateException("no signing key yet")));
    }

    /** The kid that signs now. */
    public Optional<String> currentKid() {
        Instant now = clock.instant();
        return current(fresh(now), now).map(stored -> stored.key().kid());
    }

    /** The published key set as JSON: the current key, the next one and those whose tokens may still be alive. */
    public String publishedKeySet() {
        Instant now = clock.instant();
        Snapshot current = fresh(now);
        List<SigningKey> published = policy.published(publicHalves(current.keys()), now);
        if (published.equals(current.published())) {
            return current.keySet();
        }
        String keySet = signer.keySet(published);
        snapshot = new Snapshot(current.keys(), current.loadedAt(), published, keySet);
        return keySet;
    }

    /** How long a resource server may cache the key set. */
    public Duration cacheLifetime() {
        return policy.cacheLifetime();
    }

    private Optional<StoredSigningKey> current(Snapshot loaded, Instant now) {
        return policy.current(publicHalves(loaded.keys()), now)
                .flatMap(key -> loaded.keys().stream().filter(stored -> stored.key().equals(key)).findFirst());
    }

    private Snapshot fresh(Instant now) {
        Snapshot current = snapshot;
        return now.isBefore(current.loadedAt().plus(RELOAD)) && !now.isBefore(current.loadedAt())
                ? current
                : reload(now);
    }

    private Snapshot reload(Instant now) {
        Snapshot loaded = new Snapshot(List.copyOf(store.all()), now, List.of(), "");
        snapshot = loaded;
        return loaded;
    }

    private static List<SigningKey> publicHalves(List<StoredSigningKey> keys) {
        return keys.stream().map(StoredSigningKey::key).toList();
    }
}
