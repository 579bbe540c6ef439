package io.mcpdcr.adapters.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.mcpdcr.application.port.FailureBudget;
import io.mcpdcr.application.port.Throttle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One Resilience4j limiter per key, kept in a bounded Caffeine cache rather than a {@code RateLimiterRegistry},
 * which would hold a limiter for every key ever seen (about 490 bytes each) until the process ends. Serves as a
 * {@link FailureBudget} too: a check reads the permits left, only a failure takes one.
 */
public final class Resilience4jThrottle implements Throttle, FailureBudget {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final RateLimiterConfig config;
    private final Cache<String, AtomicRateLimiter> limiters;

    public Resilience4jThrottle(RateLimit limit, int maxKeys) {
        Objects.requireNonNull(limit, "limit");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
        }
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(limit.count())
                .limitRefreshPeriod(limit.period())
                .timeoutDuration(Duration.ZERO) // refuse at once: never park a request thread
                .build();
        // A limiter idle for a whole period is full again, so dropping it after two loses no state.
        this.limiters = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(limit.period().multipliedBy(2))
                .build();
    }

    /** A throttle for {@code limit}, or one that always admits when the limit is off. */
    public static Throttle of(Optional<RateLimit> limit, int maxKeys) {
        return limit.<Throttle>map(l -> new Resilience4jThrottle(l, maxKeys)).orElseGet(Throttle::unlimited);
    }

    /** A failure budget of {@code limit}, or one never spent when the limit is off. */
    public static FailureBudget failureBudget(Optional<RateLimit> limit, int maxKeys) {
        return limit.<FailureBudget>map(l -> new Resilience4jThrottle(l, maxKeys)).orElseGet(FailureBudget::unlimited);
    }

    /** Reads without creating: a key that never failed holds no limiter, so checks alone cost no memory. */
    @Override
    public Decision check(String key) {
        AtomicRateLimiter limiter = limiters.getIfPresent(key);
        if (limiter == null) {
            return Decision.ADMITTED;
        }
        // Both figures are estimates for now, taking the periods passed since the last permit into account.
        var metrics = limiter.getDetailedMetrics();
        return metrics.getAvailablePermissions() > 0
                ? Decision.ADMITTED
                : Decision.refused(retryAfter(metrics.getNanosToWait()));
    }

    @Override
    public void spend(String key) {
        limiters.get(key, k -> new AtomicRateLimiter(k, config)).acquirePermission();
    }

    @Override
    public Decision tryAcquire(String key) {
        // Built directly rather than by RateLimiter.of, whose AtomicRateLimiter result we would have to cast.
        AtomicRateLimiter limiter = limiters.get(key, k -> new AtomicRateLimiter(k, config));
        if (limiter.acquirePermission()) {
            return Decision.ADMITTED;
        }
        // Only the detailed metrics expose the wait; the public RateLimiter.Metrics does not.
        return Decision.refused(retryAfter(limiter.getDetailedMetrics().getNanosToWait()));
    }

    /** How many keys hold a limiter now, after pending evictions have run. */
    public long keysHeld() {
        limiters.cleanUp();
        return limiters.estimatedSize();
    }

    // Whole seconds rounded up, so a client that waits that long finds a permit; at least 1, since the cycle
    // may have turned between the refusal and this reading.
    private static Duration retryAfter(long nanosToWait) {
        return Duration.ofSeconds(nanosToWait <= 0 ? 1 : (nanosToWait - 1) / NANOS_PER_SECOND + 1);
    }
}
