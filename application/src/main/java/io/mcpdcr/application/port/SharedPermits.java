package io.mcpdcr.application.port;

import java.time.Instant;

/**
 * Permit counts every instance shares, per limit, key and fixed window: what makes a limit hold for a cluster rather
 * than for each instance. A window's count lives until the window ends. Database failures surface as
 * {@link StoreUnavailableException}.
 */
public interface SharedPermits {
    /**
     * Takes one permit of {@code key} under {@code limit} in the window {@code [windowStart, windowEnd)}, when fewer
     * than {@code permits} are taken.
     */
    Take take(String limit, String key, Instant windowStart, Instant windowEnd, int permits);

    /** How many permits of {@code key} are taken in the window starting at {@code windowStart}. */
    int taken(String limit, String key, Instant windowStart);

    /** The answer to one take. */
    enum Take {
        TAKEN,
        /** Every permit of the window is taken. */
        EXHAUSTED,
        /** The window holds as many keys of this limit as it may: this key is not counted here, only by each instance. */
        UNTRACKED
    }
}
