package io.mcpdcr.application.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpdcr.application.fakes.RecordingAuditLog;
import io.mcpdcr.application.port.AuditCounts;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BoundedAuditCountsTest {
    private static final Instant HOUR = Instant.parse("2026-03-01T09:00:00Z");

    private final RecordingAuditLog recorded = new RecordingAuditLog();
    private final BoundedAuditCounts counts = new BoundedAuditCounts(recorded, recorded, 2);

    @Test
    void countsTheFirstKeysOfAnHourOnTheirOwnAndTheRestTogether() {
        for (int i = 1; i <= 5; i++) {
            counts.countRefused(AuditAction.TOKEN, "invalid_grant", "198.51.100." + i, HOUR.plusSeconds(i));
        }
        counts.countRefused(AuditAction.TOKEN, "invalid_grant", "198.51.100.1", HOUR.plusSeconds(60));
        counts.flush();

        assertThat(recorded.refused(AuditAction.TOKEN, "invalid_grant", "198.51.100.1")).isEqualTo(2);
        assertThat(recorded.refused(AuditAction.TOKEN, "invalid_grant", "198.51.100.2")).isOne();
        assertThat(recorded.refused(AuditAction.TOKEN, "invalid_grant", BoundedAuditCounts.OTHER_ADDRESSES))
                .isEqualTo(3);
    }

    @Test
    void eachKindOfCountIsAKeyOfItsOwn() {
        counts.countThrottled("token-per-ip", "198.51.100.1", HOUR);
        counts.countRefused(AuditAction.REVOCATION, "invalid_client", "198.51.100.1", HOUR);
        counts.countThrottled("per-ip", "198.51.100.1", HOUR);
        counts.flush();

        assertThat(recorded.throttled("token-per-ip", "198.51.100.1")).isOne();
        assertThat(recorded.refused(AuditAction.REVOCATION, "invalid_client", "198.51.100.1")).isOne();
        assertThat(recorded.throttled("per-ip", BoundedAuditCounts.OTHER_ADDRESSES)).isOne();
    }

    @Test
    void aNewHourStartsWithRoomAgain() {
        counts.countThrottled("per-ip", "198.51.100.1", HOUR);
        counts.countThrottled("per-ip", "198.51.100.2", HOUR);

        counts.countThrottled("per-ip", "198.51.100.3", HOUR.plusSeconds(3600));
        counts.flush();

        assertThat(recorded.throttled("per-ip", "198.51.100.3")).isOne();
    }

    @Test
    void concurrentCountsLoseNothingAndStayWithinTheBound() throws Exception {
        var bounded = new BoundedAuditCounts(recorded, recorded, 100);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        var tasks = new java.util.ArrayList<java.util.concurrent.Callable<Void>>();
        for (int thread = 0; thread < 8; thread++) {
            int t = thread;
            tasks.add(() -> {
                for (int i = 0; i < 500; i++) {
                    bounded.countRefused(AuditAction.TOKEN, "invalid_grant", "10." + t + "." + i / 256 + "." + i % 256,
                            HOUR.plusSeconds(i));
                }
                return null;
            });
        }
        for (var done : pool.invokeAll(tasks)) {
            done.get();
        }
        pool.shutdown();
        bounded.flush();

        assertThat(recorded.refusedInTotal()).isEqualTo(8 * 500);
        assertThat(recorded.refused(AuditAction.TOKEN, "invalid_grant", BoundedAuditCounts.OTHER_ADDRESSES))
                .isEqualTo(8 * 500 - 100);
    }

    @Test
    void writesNothingUntilFlushedThenAddsWhatWasCountedOnce() {
        counts.countRefused(AuditAction.TOKEN, "invalid_grant", "198.51.100.1", HOUR);
        counts.countRefused(AuditAction.TOKEN, "invalid_grant", "198.51.100.1", HOUR);
        assertThat(recorded.refusedInTotal()).isZero();

        counts.flush();
        counts.flush();

        assertThat(recorded.refused(AuditAction.TOKEN, "invalid_grant", "198.51.100.1")).isEqualTo(2);
    }

    @Test
    void aFailedFlushKeepsTheCountsForTheNextOne() {
        var failing = new FailingCounts();
        var tally = new BoundedAuditCounts(recorded, failing, 2);
        tally.countThrottled("token-per-ip", "198.51.100.1", HOUR);
        failing.down = true;
        assertThatThrownBy(tally::flush).isInstanceOf(StoreUnavailableException.class);

        tally.countThrottled("token-per-ip", "198.51.100.1", HOUR);
        failing.down = false;
        tally.flush();

        assertThat(recorded.throttled("token-per-ip", "198.51.100.1")).isEqualTo(2);
    }

    @Test
    void aLongOutageKeepsABoundedNumberOfKeys() {
        var failing = new FailingCounts();
        failing.down = true;
        var tally = new BoundedAuditCounts(recorded, failing, 2);
        int hours = 10 * BoundedAuditCounts.KEPT_HOURS;
        for (int h = 0; h < hours; h++) {
            for (int i = 0; i < 5; i++) {
                tally.countRefused(AuditAction.TOKEN, "invalid_grant", "198.51.100." + i, HOUR.plusSeconds(3600L * h));
            }
            assertThatThrownBy(tally::flush).isInstanceOf(StoreUnavailableException.class);
        }
        failing.down = false;
        tally.flush();

        assertThat(failing.keysWritten).isPositive()
                .isLessThanOrEqualTo(BoundedAuditCounts.KEPT_HOURS * 2 + 3 /* the last hour's keys */);
    }

    /** Writes to the recording log, or fails like an unreachable database while {@code down}. */
    private final class FailingCounts implements AuditCounts {
        volatile boolean down;
        int keysWritten;

        @Override
        public void add(Map<Key, Long> amounts) {
            if (down) {
                throw new StoreUnavailableException("audit log unavailable", new IllegalStateException("down"));
            }
            keysWritten += amounts.size();
            recorded.add(amounts);
        }
    }

    @Test
    void passesEventsThrough() {
        var event = new AuditEvent(HOUR, AuditAction.TOKEN, AuditOutcome.ISSUED, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());

        counts.record(event);

        assertThat(recorded.events()).containsExactly(event);
    }
}
