package io.mcpdcr.application.monitoring;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.domain.monitoring.AuditEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Bounds the rows that throttle and refusal counts add, whatever the number of addresses a flood comes from: each
 * hour, only the first {@code maxKeysPerHour} distinct (count, address) keys get a row of their own; later addresses
 * are counted under {@link #OTHER_ADDRESSES}. So counts grow by at most that many rows (plus one per kind of count)
 * an hour and instance, however many requests and addresses there are, and memory holds at most that many keys.
 * Events pass through unchanged.
 */
public final class BoundedAuditCounts implements AuditLog {
    /** The distinct keys counted on their own per hour unless configured otherwise. */
    public static final int DEFAULT_MAX_KEYS_PER_HOUR = 1000;
    /** The address later addresses of an hour are counted under. */
    public static final String OTHER_ADDRESSES = "other";

    private final AuditLog audit;
    private final int maxKeysPerHour;
    private final Set<String> keys = new HashSet<>();
    private Instant hour = Instant.MIN;

    public BoundedAuditCounts(AuditLog audit, int maxKeysPerHour) {
        this.audit = Objects.requireNonNull(audit, "audit");
        if (maxKeysPerHour < 1) {
            throw new IllegalArgumentException("maxKeysPerHour must be at least 1, got " + maxKeysPerHour);
        }
        this.maxKeysPerHour = maxKeysPerHour;
    }

    @Override
    public void record(AuditEvent event) {
        audit.record(event);
    }

    @Override
    public void countThrottled(String limit, String address, Instant at) {
        audit.countThrottled(limit, admitted("throttled " + limit, address, at), at);
    }

    @Override
    public void countRefused(AuditEvent.AuditAction action, String error, String address, Instant at) {
        audit.countRefused(action, error, admitted("refused " + action + " " + error, address, at), at);
    }

    /** The address itself while the hour has room for its key (or already counts it), otherwise the shared one. */
    private synchronized String admitted(String count, String address, Instant at) {
        Instant thisHour = at.truncatedTo(ChronoUnit.HOURS);
        if (thisHour.isAfter(hour)) {
            hour = thisHour;
            keys.clear();
        }
        String key = count + "\n" + address;
        return keys.contains(key) || (keys.size() < maxKeysPerHour && keys.add(key)) ? address : OTHER_ADDRESSES;
    }
}
