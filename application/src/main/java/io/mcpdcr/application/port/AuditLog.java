package io.mcpdcr.application.port;

import io.mcpdcr.domain.monitoring.AuditEvent;
import java.time.Instant;

/**
 * The audit trail. Throttled attempts, and refusals anonymous callers can repeat at will (token, revocation and
 * introspection requests), are counted per hour, address and limit or error rather than stored one by one.
 */
public interface AuditLog {
    void record(AuditEvent event);

    /** Adds one to the count of throttled attempts of this address and limit in the hour of {@code at}. */
    void countThrottled(String limit, String address, Instant at);

    /** Adds one to the count of {@code action} requests refused with {@code error} from this address in that hour. */
    void countRefused(AuditEvent.AuditAction action, String error, String address, Instant at);

    /** An audit log that keeps nothing: for hosts that do not want one. */
    static AuditLog discarding() {
        return new AuditLog() {
            @Override
            public void record(AuditEvent event) {}

            @Override
            public void countThrottled(String limit, String address, Instant at) {}

            @Override
            public void countRefused(AuditEvent.AuditAction action, String error, String address, Instant at) {}
        };
    }
}
