package io.mcpdcr.application.port;

import io.mcpdcr.domain.monitoring.AuditEvent;
import java.time.Instant;

/** The audit trail. Throttled attempts are counted per hour, address and limit rather than stored one by one. */
public interface AuditLog {
    void record(AuditEvent event);

    /** Adds one to the count of throttled attempts of this address and limit in the hour of {@code at}. */
    void countThrottled(String limit, String address, Instant at);

    /** An audit log that keeps nothing: for hosts that do not want one. */
    static AuditLog discarding() {
        return new AuditLog() {
            @Override
            public void record(AuditEvent event) {}

            @Override
            public void countThrottled(String limit, String address, Instant at) {}
        };
    }
}
