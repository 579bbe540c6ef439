package io.mcpdcr.application.monitoring;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.ClientMaintenance;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Deletes abandoned clients: never used within {@code neverUsedAfter} of registering, or unused for
 * {@code unusedAfter} with no live refresh token. Their tokens go with them; they register again when they return.
 */
public final class PruneClients {
    private final ClientMaintenance clients;
    private final AuditLog audit;
    private final InstantSource clock;
    private final Duration neverUsedAfter;
    private final Duration unusedAfter;

    public PruneClients(ClientMaintenance clients, AuditLog audit, InstantSource clock, Duration neverUsedAfter,
            Duration unusedAfter) {
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
        this.neverUsedAfter = neverUsedAfter;
        this.unusedAfter = unusedAfter;
    }

    /** What would be deleted now, without deleting it. */
    public Report candidates() {
        Instant now = clock.instant();
        return new Report(clients.neverUsed(now.minus(neverUsedAfter)),
                clients.unusedSince(now.minus(unusedAfter), now), 0);
    }

    /** Deletes the candidates and records each deletion in the audit trail. */
    public Report prune() {
        Report candidates = candidates();
        Set<ClientId> doomed = new LinkedHashSet<>(candidates.neverUsed());
        doomed.addAll(candidates.unused());
        int deleted = doomed.isEmpty() ? 0 : clients.delete(doomed);
        Instant now = clock.instant();
        for (ClientId id : doomed) {
            audit.record(AuditEvent.clientPruned(now, id));
        }
        return new Report(candidates.neverUsed(), candidates.unused(), deleted);
    }

    public record Report(List<ClientId> neverUsed, List<ClientId> unused, int deleted) {
        public Report {
            neverUsed = List.copyOf(neverUsed);
            unused = List.copyOf(unused);
        }
    }
}
