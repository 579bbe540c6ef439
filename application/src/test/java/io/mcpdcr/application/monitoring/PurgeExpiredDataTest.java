package io.mcpdcr.application.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.InMemoryMonitoringStore;
import io.mcpdcr.application.fakes.MutableClock;
import io.mcpdcr.application.port.MonitoringStore.PurgeCounts;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PurgeExpiredDataTest {
    private static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");
    private static final Duration RETENTION = Duration.ofDays(90);

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryMonitoringStore store = new InMemoryMonitoringStore();
    private final PurgeExpiredData purgeExpiredData = new PurgeExpiredData(store, clock, RETENTION);

    @Test
    void expiresWhatExpiredByNowAndAuditRowsOlderThanTheRetention() {
        purgeExpiredData.purge();

        assertThat(store.purges()).containsExactly(new InMemoryMonitoringStore.Purge(NOW, NOW.minus(RETENTION)));
    }

    @Test
    void followsTheClock() {
        purgeExpiredData.purge();
        clock.advance(Duration.ofDays(1));

        purgeExpiredData.purge();

        Instant tomorrow = NOW.plus(Duration.ofDays(1));
        assertThat(store.purges()).last().isEqualTo(new InMemoryMonitoringStore.Purge(tomorrow, tomorrow.minus(RETENTION)));
    }

    @Test
    void answersWhatTheStoreDeleted() {
        store.answerPurgeWith(new PurgeCounts(1, 2, 3, 4, 5));

        assertThat(purgeExpiredData.purge()).isEqualTo(new PurgeCounts(1, 2, 3, 4, 5));
    }
}
