package io.mcpdcr.application.monitoring;

import io.mcpdcr.application.port.AuditCounts;
import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.monitoring.AuditEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Throttle and refusal counts, accumulated in memory and written to {@link AuditCounts} in one batch by
 * {@link #flush}: a flood costs one map update per request, never a database write, so it cannot serialize on one
 * row nor drain the connection pool. Bounded whatever the number of addresses a flood comes from: each hour, only
 * the first {@code maxKeysPerHour} distinct (count, address) keys are counted on their own; later addresses are
 * counted under {@link #OTHER_ADDRESSES}. So counts grow by at most that many rows (plus one per kind of count) an
 * hour and instance, and memory holds at most that many keys, plus what failed flushes keep (bounded too). Events
 * pass through unchanged.
 */
public final class BoundedAuditCounts implements AuditLog {
    /** The distinct keys counted on their own per hour unless configured otherwise. */
    public static final int DEFAULT_MAX_KEYS_PER_HOUR = 1000;
    /** The address later addresses of an hour are counted under. */
    public static final String OTHER_ADDRESSES = "other";

    /** How many hours' worth of keys a failing store may leave in memory. */
    static final int KEPT_HOURS = 3;

    private final AuditLog events;
    private final AuditCounts store;
    private final int maxKeysPerHour;
    private final Set<String> keys = new HashSet<>();
    private final Map<AuditCounts.Key, Long> pending = new ConcurrentHashMap<>();
    /** One flush at a time, so a flush returns only once everything counted before it is written. */
    private final Object flushing = new Object();
    private Instant hour = Instant.MIN;

    public BoundedAuditCounts(AuditLog events, AuditCounts store, int maxKeysPerHour) {
        this.events = Objects.requireNonNull(events, "events");
        this.store = Objects.requireNonNull(store, "store");
        if (maxKeysPerHour < 1) {
            throw new IllegalArgumentException("maxKeysPerHour must be at least 1, got " + maxKeysPerHour);
        }
        this.maxKeysPerHour = maxKeysPerHour;
    }

    @Override
    public void record(AuditEvent event) {
        events.record(event);
    }

    @Override
    public void countThrottled(String limit, String address, Instant at) {
        add(new AuditCounts.Throttled(hourOf(at), limit, admitted("throttled " + limit, address, at)));
    }

    @Override
    public void countRefused(AuditEvent.AuditAction action, String error, String address, Instant at) {
        add(new AuditCounts.Refused(hourOf(at), action, error,
                admitted("refused " + action + " " + error, address, at)));
    }

    /**
     * Writes what was counted since the last flush, in one batch. When the store is unavailable the counts are kept
     * for the next flush while the tally holds fewer than {@link #KEPT_HOURS} hours' worth of keys; beyond that a
     * failed flush drops them rather than let memory grow through a long outage.
     *
     * @throws StoreUnavailableException when the batch was not written, saying how many attempts were dropped
     */
    public void flush() {
        synchronized (flushing) {
            write();
        }
    }

    private void write() {
        Map<AuditCounts.Key, Long> batch = new HashMap<>();
        for (AuditCounts.Key key : pending.keySet()) {
            Long amount = pending.remove(key);
            if (amount != null) {
                batch.put(key, amount);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.add(batch);
        } catch (StoreUnavailableException e) {
            long dropped = 0;
            for (Map.Entry<AuditCounts.Key, Long> entry : batch.entrySet()) {
                if (pending.containsKey(entry.getKey()) || pending.size() < KEPT_HOURS * maxKeysPerHour) {
                    pending.merge(entry.getKey(), entry.getValue(), Long::sum);
                } else {
                    dropped += entry.getValue();
                }
            }
            throw new StoreUnavailableException(dropped == 0 ? "kept for the next flush"
                    : dropped + " counted attempts dropped, the rest kept for the next flush", e);
        }
    }

    private void add(AuditCounts.Key key) {
        pending.merge(key, 1L, Long::sum);
    }

    private static Instant hourOf(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }

    /** The address itself while the hour has room for its key (or already counts it), otherwise the shared one. */
    private synchronized String admitted(String count, String address, Instant at) {
        Instant thisHour = hourOf(at);
        if (thisHour.isAfter(hour)) {
            hour = thisHour;
            keys.clear();
        }
        String key = count + "\n" + address;
        return keys.contains(key) || (keys.size() < maxKeysPerHour && keys.add(key)) ? address : OTHER_ADDRESSES;
    }
}
