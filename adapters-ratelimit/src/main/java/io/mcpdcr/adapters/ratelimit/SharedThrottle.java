package io.mcpdcr.adapters.ratelimit;

import io.mcpdcr.application.port.FailureBudget;
import io.mcpdcr.application.port.SharedPermits;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.application.port.Throttle;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * A limit that holds for every instance together: this instance's own limiter answers first, for free, and what it
 * admits then takes a permit from the count all instances share, in fixed windows of the limit's period aligned to the
 * epoch. Each take is exact, so the instances together never admit more than the limit in a window.
 *
 * <p>When the shared count cannot be reached, the instance's own limiter alone decides: every limited operation needs
 * the same database and answers 503 without it, so this admits nothing that could succeed. A key the shared count does
 * not track (its window already holds as many keys as it may, under a flood of distinct addresses) is limited by
 * each instance alone as well.
 */
public final class SharedThrottle implements Throttle, FailureBudget {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Resilience4jThrottle local;
    private final SharedPermits shared;
    private final String name;
    private final RateLimit limit;
    private final InstantSource clock;

    /** @param name the limit's name in the shared count, unique among the limits sharing it */
    public SharedThrottle(String name, RateLimit limit, int maxKeys, SharedPermits shared, InstantSource clock) {
        this.local = new Resilience4jThrottle(limit, maxKeys);
        this.shared = Objects.requireNonNull(shared, "shared");
        this.name = Objects.requireNonNull(name, "name");
        this.limit = limit;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A shared throttle for {@code limit}, or one that always admits when the limit is off. */
    public static Throttle of(String name, Optional<RateLimit> limit, int maxKeys, SharedPermits shared,
            InstantSource clock) {
        return limit.<Throttle>map(l -> new SharedThrottle(name, l, maxKeys, shared, clock))
                .orElseGet(Throttle::unlimited);
    }

    /** A shared failure budget of {@code limit}, or one never spent when the limit is off. */
    public static FailureBudget failureBudget(String name, Optional<RateLimit> limit, int maxKeys,
            SharedPermits shared, InstantSource clock) {
        return limit.<FailureBudget>map(l -> new SharedThrottle(name, l, maxKeys, shared, clock))
                .orElseGet(FailureBudget::unlimited);
    }

    @Override
    public Decision tryAcquire(String key) {
        Decision own = local.tryAcquire(key);
        if (!own.admitted()) {
            return own;
        }
        Window window = Window.at(clock.instant(), limit.period());
        try {
            return shared.take(name, key, window.start(), window.end(), limit.count()) == SharedPermits.Take.EXHAUSTED
                    ? Decision.refused(window.retryAfter())
                    : Decision.ADMITTED;
        } catch (StoreUnavailableException e) {
            return Decision.ADMITTED;
        }
    }

    @Override
    public Decision check(String key) {
        Decision own = local.check(key);
        if (!own.admitted()) {
            return own;
        }
        Window window = Window.at(clock.instant(), limit.period());
        try {
            return shared.taken(name, key, window.start()) >= limit.count()
                    ? Decision.refused(window.retryAfter())
                    : Decision.ADMITTED;
        } catch (StoreUnavailableException e) {
            return Decision.ADMITTED;
        }
    }

    @Override
    public void spend(String key) {
        local.spend(key);
        Window window = Window.at(clock.instant(), limit.period());
        try {
            shared.take(name, key, window.start(), window.end(), limit.count());
        } catch (StoreUnavailableException e) {
            // The instance's own budget is spent: it limits this key alone until the database is back.
        }
    }

    /** The fixed window holding {@code now}, and the time from {@code now} to its end. */
    private record Window(Instant start, Instant end, Instant now) {
        static Window at(Instant now, Duration period) {
            long periodNanos = period.toNanos();
            long sinceEpoch = now.getEpochSecond() * NANOS_PER_SECOND + now.getNano();
            Instant start = Instant.EPOCH.plusNanos(sinceEpoch - Math.floorMod(sinceEpoch, periodNanos));
            return new Window(start, start.plus(period), now);
        }

        /** Whole seconds rounded up, so a client that waits that long finds the next window; at least 1. */
        Duration retryAfter() {
            long nanos = Duration.between(now, end).toNanos();
            return Duration.ofSeconds(nanos <= 0 ? 1 : (nanos - 1) / NANOS_PER_SECOND + 1);
        }
    }
}
