package io.mcpdcr.bootstrap;

import io.mcpdcr.application.port.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes counts tallied in memory to the database at a fixed interval, on a thread of its own, and once more on
 * close. Every instance flushes its own tally (no lease: the counts add up in the database); a tally whose write
 * fails keeps what it counted for the next flush.
 */
final class PeriodicFlush implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicFlush.class);

    private final String what;
    private final Duration interval;
    private final Runnable flush;
    private final ScheduledExecutorService scheduler;

    /** @param what the counts written, for the thread's name and the log; @param flush writes them, may throw */
    PeriodicFlush(String what, Duration interval, Runnable flush) {
        this.what = what;
        this.interval = interval;
        this.flush = flush;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, what.replace(' ', '-') + "-flush");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::flush, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes now, on the caller's thread; never throws (a failure is logged). */
    void flush() {
        try {
            flush.run();
        } catch (StoreUnavailableException e) {
            LOG.warn("{} not written: {}", what, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} not written", what, e);
        }
    }

    /** Stops the schedule, lets a flush under way end (the pool is closed next), and writes what is left. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
