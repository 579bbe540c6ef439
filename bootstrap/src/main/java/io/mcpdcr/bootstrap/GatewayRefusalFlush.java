package io.mcpdcr.bootstrap;

import io.mcpdcr.application.gateway.RefusedTokenTally;
import io.mcpdcr.application.port.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the gateway's refused-token tally to the audit trail every minute, and once more on close. Every instance
 * flushes its own tally (no lease: the counts add up in the database).
 */
final class GatewayRefusalFlush implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRefusalFlush.class);

    private final RefusedTokenTally tally;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gateway-refusal-flush");
        thread.setDaemon(true);
        return thread;
    });

    GatewayRefusalFlush(RefusedTokenTally tally) {
        this.tally = tally;
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::flush, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void flush() {
        try {
            tally.flush();
        } catch (StoreUnavailableException e) {
            LOG.warn("gateway refusal counts not written, kept for the next flush: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("gateway refusal counts not written", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        flush();
    }
}
