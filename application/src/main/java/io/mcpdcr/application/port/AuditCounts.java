package io.mcpdcr.application.port;

import io.mcpdcr.domain.monitoring.AuditEvent;
import java.time.Instant;
import java.util.Map;

/**
 * The audit trail's hourly counts of throttled attempts and of refusals, written in batches: the counts of many
 * requests are added at once, never one database write per request.
 */
public interface AuditCounts {
    /** Adds each amount to its count, all in one transaction; throws {@link StoreUnavailableException}, adding none. */
    void add(Map<Key, Long> amounts);

    /** What one count is kept per: an hour (its start, UTC), an address and what was counted. */
    sealed interface Key {
        Instant hour();

        String address();
    }

    /** Attempts throttled by {@code limit}. */
    record Throttled(Instant hour, String limit, String address) implements Key {}

    /** {@code action} requests refused with {@code error}. */
    record Refused(Instant hour, AuditEvent.AuditAction action, String error, String address) implements Key {}
}
