package io.mcpdcr.application.port;

import java.time.Duration;

/** A keyed rate limit: each key has its own budget. Never blocks; answers at once. */
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
