package io.mcpdcr.application.authorization;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * At most a fixed number of password verifications at once, behind a short fair queue. A verification is costly in
 * memory (Argon2id takes about 19 MiB) and CPU, so an unbounded burst of sign-ins ran the heap out; beyond the queue,
 * or after waiting {@link #MAX_WAIT}, a sign-in is turned away at once instead.
 */
public final class VerificationGate {
    /** How long a sign-in waits for its turn before it is told to come back. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(2);
    /** Waiting places per verification slot: enough to ride out a short burst, few enough to answer within MAX_WAIT. */
    static final int WAITERS_PER_SLOT = 8;
    /** Heap kept for everything but verifications: the service's own live set and request buffers, with headroom. */
    static final long RESERVED_HEAP_BYTES = 64L * 1024 * 1024;

    private final int slots;
    private final int capacity;
    private final Semaphore running;
    private final AtomicInteger admitted = new AtomicInteger();

    /** @param slots how many verifications may run at once, at least 1 */
    public VerificationGate(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("at least one verification must be able to run, got " + slots);
        }
        this.slots = slots;
        this.capacity = slots * (1 + WAITERS_PER_SLOT);
        this.running = new Semaphore(slots, true); // fair: first come, first verified
    }

    /**
     * As many slots as the heap holds verifications of {@code bytesPerVerification} (counted one and a half times,
     * for the garbage each leaves) beside {@link #RESERVED_HEAP_BYTES}, but no more than twice the processors: more
     * would only share the same CPUs more thinly. At least one.
     */
    public static int slotsFor(long maxHeapBytes, long bytesPerVerification, int processors) {
        long byHeap = (maxHeapBytes - RESERVED_HEAP_BYTES) / (bytesPerVerification * 3 / 2);
        return (int) Math.max(1, Math.min(byHeap, 2L * processors));
    }

    public int slots() {
        return slots;
    }

    /** Runs {@code verification} when its turn comes; empty when too many are under way to wait for one. */
    public <T> Optional<T> run(Supplier<T> verification) {
        if (admitted.incrementAndGet() > capacity) {
            admitted.decrementAndGet();
            return Optional.empty();
        }
        try {
            // The timed tryAcquire honours fairness; the untimed one would let a newcomer jump the queue.
            if (!running.tryAcquire(MAX_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
            try {
                return Optional.of(verification.get());
            } finally {
                running.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            admitted.decrementAndGet();
        }
    }
}
