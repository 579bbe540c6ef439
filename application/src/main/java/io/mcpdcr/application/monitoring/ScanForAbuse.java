package io.mcpdcr.application.monitoring;

import io.mcpdcr.application.port.MonitoringStore;
import io.mcpdcr.domain.monitoring.AbusePolicy;
import io.mcpdcr.domain.monitoring.Finding;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * Runs {@link AbusePolicy} over the latest window of registration attempts and stores what it finds. A finding is
 * stored once per window: the same kind and subject are not reported again until the window has passed.
 */
public final class ScanForAbuse {
    /**
     * The most created, and the most refused, registrations one scan reads: the latest of its window. The global
     * registration limit (1000 an hour by default) keeps a window far smaller; without one, a flood of hundreds of
     * thousands filled a 112 MB heap (an OutOfMemoryError in the benchmark). The latest 20,000 still show a flood.
     */
    public static final int MAX_ATTEMPTS = 20_000;

    private final MonitoringStore store;
    private final AbusePolicy policy;
    private final InstantSource clock;

    public ScanForAbuse(MonitoringStore store, AbusePolicy policy, InstantSource clock) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
    }

    /** The new findings of this scan. */
    public List<Finding> scan() {
        Instant now = clock.instant();
        Instant from = now.minus(policy.thresholds().window());
        return store.saveNew(policy.scan(store.registrationsSince(from, MAX_ATTEMPTS), now), from);
    }
}
