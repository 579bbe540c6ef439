package io.mcpdcr.application.monitoring;

import io.mcpdcr.application.port.MonitoringStore;
import java.time.Duration;
import java.time.InstantSource;

/** Deletes expired codes, sessions and tokens, and audit rows and findings past their retention. */
public final class PurgeExpiredData {
    private final MonitoringStore store;
    private final InstantSource clock;
    private final Duration auditRetention;

    public PurgeExpiredData(MonitoringStore store, InstantSource clock, Duration auditRetention) {
        this.store = store;
        this.clock = clock;
        this.auditRetention = auditRetention;
    }

    public MonitoringStore.PurgeCounts purge() {
        var now = clock.instant();
        return store.purge(now, now.minus(auditRetention));
    }
}
