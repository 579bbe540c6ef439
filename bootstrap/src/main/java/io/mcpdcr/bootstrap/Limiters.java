package io.mcpdcr.bootstrap;

import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.adapters.jdbc.JdbiSharedPermits;
import io.mcpdcr.adapters.ratelimit.RateLimit;
import io.mcpdcr.adapters.ratelimit.Resilience4jThrottle;
import io.mcpdcr.adapters.ratelimit.SharedThrottle;
import io.mcpdcr.application.port.FailureBudget;
import io.mcpdcr.application.port.SharedPermits;
import io.mcpdcr.application.port.Throttle;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Builds every rate limit. On PostgreSQL, the database several instances can share, each limit holds for all of them
 * together ({@link SharedThrottle}); on H2, one instance's own, each limit is that instance's limiter alone.
 *
 * @param maxKeys keys each limiter keeps in memory, and keys each limit counts in the database per window
 */
record Limiters(Optional<SharedPermits> shared, int maxKeys, InstantSource clock) {
    static Limiters over(Database database, int maxKeys, InstantSource clock) {
        return new Limiters(database.isPostgresql()
                ? Optional.of(new JdbiSharedPermits(database.jdbi(), maxKeys))
                : Optional.empty(), maxKeys, clock);
    }

    /** A limit per key; {@code name} names it in the shared count. */
    Throttle perKey(String name, Optional<RateLimit> limit) {
        return throttle(name, limit, maxKeys);
    }

    /** A limit with one key. */
    Throttle single(String name, Optional<RateLimit> limit) {
        return throttle(name, limit, 1);
    }

    FailureBudget failureBudget(String name, Optional<RateLimit> limit) {
        return shared.map(permits -> SharedThrottle.failureBudget(name, limit, maxKeys, permits, clock))
                .orElseGet(() -> Resilience4jThrottle.failureBudget(limit, maxKeys));
    }

    private Throttle throttle(String name, Optional<RateLimit> limit, int keys) {
        return shared.map(permits -> SharedThrottle.of(name, limit, keys, permits, clock))
                .orElseGet(() -> Resilience4jThrottle.of(limit, keys));
    }
}
