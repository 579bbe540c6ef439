package io.mcpdcr.application.fakes;

import io.mcpdcr.application.port.FailureBudget;
import io.mcpdcr.application.port.Throttle;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throttle that admits a fixed number of attempts per key and then refuses forever; as a failure budget, a fixed
 * number of failures per key.
 */
public final class BudgetThrottle implements Throttle, FailureBudget {
    private final int budget;
    private final Duration retryAfter;
    private final Map<String, AtomicInteger> used = new ConcurrentHashMap<>();

    public BudgetThrottle(int budget, Duration retryAfter) {
        this.budget = budget;
        this.retryAfter = retryAfter;
    }

    @Override
    public Decision tryAcquire(String key) {
        int count = used.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return count <= budget ? Decision.ADMITTED : Decision.refused(retryAfter);
    }

    @Override
    public Decision check(String key) {
        return attempts(key) < budget ? Decision.ADMITTED : Decision.refused(retryAfter);
    }

    @Override
    public void spend(String key) {
        used.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    /** How many attempts (as a failure budget: failures) {@code key} has made, admitted or not. */
    public int attempts(String key) {
        AtomicInteger count = used.get(key);
        return count == null ? 0 : count.get();
    }
}
