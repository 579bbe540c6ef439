package io.mcpdcr.adapters.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.port.FailureBudget;
import io.mcpdcr.application.port.SharedPermits;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.application.port.Throttle.Decision;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedThrottle} over a count kept in a map, standing in for the database that {@code PostgresSharedPermitsTest}
 * and the several-instance tests cover: two throttles on one count are two instances.
 */
class SharedThrottleTest {
    private static final RateLimit FIVE_PER_HOUR = new RateLimit(5, Duration.ofHours(1));
    // 40 minutes and 0.5 s into an hour: windows of an hour are aligned to the epoch, so 20 minutes are left.
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-08T10:40:00.500Z"));
    private final InstantSource clock = now::get;
    private final CountedPermits permits = new CountedPermits();

    @Test
    void instancesTogetherAdmitTheLimitAndNoMore() {
        var first = new SharedThrottle("register-ip", FIVE_PER_HOUR, 100, permits, clock);
        var second = new SharedThrottle("register-ip", FIVE_PER_HOUR, 100, permits, clock);
        var third = new SharedThrottle("register-ip", FIVE_PER_HOUR, 100, permits, clock);

        int admitted = 0;
        for (int i = 0; i < 15; i++) {
            Throttle instance = i % 3 == 0 ? first : i % 3 == 1 ? second : third;
            admitted += instance.tryAcquire("register:192.0.2.1").admitted() ? 1 : 0;
        }

        assertThat(admitted).isEqualTo(5);
        assertThat(permits.takes).as("each admitted attempt and each one refused after them asks").isEqualTo(15);
    }

    @Test
    void aRefusalByTheSharedCountWaitsForTheWindowsEnd() {
        var first = new SharedThrottle("register-ip", FIVE_PER_HOUR, 100, permits, clock);
        var second = new SharedThrottle("register-ip", FIVE_PER_HOUR, 100, permits, clock);
        for (int i = 0; i < 5; i++) {
            first.tryAcquire("k");
        }

        Decision refused = second.tryAcquire("k");

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryAfter()).as("19 min 59.5 s, rounded up").isEqualTo(Duration.ofSeconds(20 * 60));
        now.set(Instant.parse("2026-12-08T11:00:00Z"));
        assertThat(second.tryAcquire("k").admitted()).as("the next window").isTrue();
    }

    @Test
    void theInstancesOwnLimiterRefusesFirstWithoutAskingTheSharedCount() {
        var throttle = new SharedThrottle("register-ip", FIVE_PER_HOUR, 100, permits, clock);
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.tryAcquire("k").admitted()).isTrue();
        }

        assertThat(throttle.tryAcquire("k").admitted()).isFalse();
        assertThat(permits.takes).isEqualTo(5);
    }

    @Test
    void withoutTheDatabaseEachInstanceKeepsItsOwnLimit() {
        var throttle = new SharedThrottle("register-ip", FIVE_PER_HOUR, 100, permits, clock);
        permits.down = true;

        for (int i = 0; i < 5; i++) {
            assertThat(throttle.tryAcquire("k").admitted()).isTrue();
        }
        assertThat(throttle.tryAcquire("k").admitted()).isFalse();
    }

    @Test
    void anUntrackedKeyIsLimitedByEachInstanceAlone() {
        var throttle = new SharedThrottle("register-ip", FIVE_PER_HOUR, 100, permits, clock);
        permits.untracked = true;

        for (int i = 0; i < 5; i++) {
            assertThat(throttle.tryAcquire("k").admitted()).isTrue();
        }
        assertThat(throttle.tryAcquire("k").admitted()).isFalse();
    }

    @Test
    void failuresSpentOnOneInstanceLockTheKeyOnEveryOther() {
        FailureBudget first = SharedThrottle.failureBudget("login-user", Optional.of(new RateLimit(3, Duration.ofMinutes(15))),
                100, permits, clock);
        FailureBudget second = SharedThrottle.failureBudget("login-user", Optional.of(new RateLimit(3, Duration.ofMinutes(15))),
                100, permits, clock);

        first.spend("login:alice");
        second.spend("login:alice");
        assertThat(first.check("login:alice").admitted()).isTrue();
        first.spend("login:alice");

        Decision locked = second.check("login:alice");
        assertThat(locked.admitted()).isFalse();
        assertThat(locked.retryAfter()).as("to 10:45, rounded up").isEqualTo(Duration.ofSeconds(5 * 60));
        assertThat(second.check("login:bob").admitted()).isTrue();
        permits.down = true;
        assertThat(second.check("login:alice").admitted()).as("the database down: this instance's own count").isTrue();
    }

    @Test
    void aLimitSwitchedOffAdmitsEverything() {
        Throttle off = SharedThrottle.of("token-ip", Optional.empty(), 100, permits, clock);
        for (int i = 0; i < 100; i++) {
            assertThat(off.tryAcquire("k").admitted()).isTrue();
        }
        assertThat(permits.takes).isZero();
    }

    /** Exact counts per (limit, key, window), as the database keeps them. */
    private static final class CountedPermits implements SharedPermits {
        private final Map<String, Integer> used = new HashMap<>();
        private int takes;
        private boolean down;
        private boolean untracked;

        @Override
        public synchronized Take take(String limit, String key, Instant windowStart, Instant windowEnd, int count) {
            takes++;
            if (down) {
                throw new StoreUnavailableException("shared limits unavailable", new IllegalStateException());
            }
            if (untracked) {
                return Take.UNTRACKED;
            }
            String row = limit + " " + key + " " + windowStart;
            if (used.getOrDefault(row, 0) >= count) {
                return Take.EXHAUSTED;
            }
            used.merge(row, 1, Integer::sum);
            return Take.TAKEN;
        }

        @Override
        public synchronized int taken(String limit, String key, Instant windowStart) {
            if (down) {
                throw new StoreUnavailableException("shared limits unavailable", new IllegalStateException());
            }
            return used.getOrDefault(limit + " " + key + " " + windowStart, 0);
        }
    }
}
