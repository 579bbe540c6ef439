package io.mcpdcr.application.port;

import java.time.Duration;

/**
 * A keyed rate limit: each key has its own budget. Never waits for a permit to come free: it answers at once, or after
 * one database round trip when the budget is shared by several instances.
 */
public interface Throttle {
    /** Takes one permit for {@code key}, or says how long until one is free. */
    Decision tryAcquire(String key);

    /** A throttle that always admits: a limit switched off. */
    static Throttle unlimited() {
        return key -> Decision.ADMITTED;
    }

    /** The answer to one attempt. */
    record Decision(boolean admitted, Duration retryAfter) {
        public static final Decision ADMITTED = new Decision(true, Duration.ZERO);

        public static Decision refused(Duration retryAfter) {
            return new Decision(false, retryAfter);
        }
    }
}
