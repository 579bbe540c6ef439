package io.mcpdcr.application.gateway;

import io.mcpdcr.application.port.GatewayRefusalCounts;
import io.mcpdcr.application.port.StoreUnavailableException;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Refused gateway tokens, counted in memory and written to the audit trail in aggregate by {@link #flush}: a flood of
 * bad tokens costs one counter increment per call, not a database write. Keys are configured routes and a fixed set
 * of reasons, so the map stays small.
 */
public final class RefusedTokenTally {
    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final GatewayRefusalCounts store;
    private final InstantSource clock;

    public RefusedTokenTally(GatewayRefusalCounts store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    void add(String route, Enum<?> reason) {
        counts.computeIfAbsent(new Key(route, reason.name().toLowerCase(Locale.ROOT)), key -> new LongAdder())
                .increment();
    }

    /** Writes what was counted since the last flush; kept for the next flush when the store is unavailable. */
    public void flush() {
        for (Map.Entry<Key, LongAdder> entry : counts.entrySet()) {
            long refusals = entry.getValue().sumThenReset();
            if (refusals == 0) {
                continue;
            }
            try {
                store.add(entry.getKey().route(), entry.getKey().reason(), refusals, clock.instant());
            } catch (StoreUnavailableException e) {
                entry.getValue().add(refusals);
                throw e;
            }
        }
    }

    private record Key(String route, String reason) {}
}
