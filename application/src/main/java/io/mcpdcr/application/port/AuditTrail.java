package io.mcpdcr.application.port;

import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.registration.ClientId;
import java.util.List;

/** Reading the audit trail back, for the admin pages. */
public interface AuditTrail {
    /** The latest {@code limit} events about the client, newest first. */
    List<AuditEvent> ofClient(ClientId client, int limit);
}
