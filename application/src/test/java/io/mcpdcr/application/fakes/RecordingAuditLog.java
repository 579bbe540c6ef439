package io.mcpdcr.application.fakes;

import io.mcpdcr.application.port.AuditCounts;
import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.AuditTrail;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An audit log in memory that tests can read back. */
public final class RecordingAuditLog implements AuditLog, AuditCounts, AuditTrail {
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> throttled = new ConcurrentHashMap<>();
    private final Map<String, Integer> refused = new ConcurrentHashMap<>();

    @Override
    public void record(AuditEvent event) {
        events.add(event);
    }

    @Override
    public void countThrottled(String limit, String address, Instant at) {
        throttled.merge(limit + " " + address, 1, Integer::sum);
    }

    @Override
    public void countRefused(AuditEvent.AuditAction action, String error, String address, Instant at) {
        refused.merge(action + " " + error + " " + address, 1, Integer::sum);
    }

    @Override
    public void add(Map<Key, Long> amounts) {
        amounts.forEach((key, amount) -> {
            if (key instanceof Throttled t) {
                throttled.merge(t.limit() + " " + t.address(), amount.intValue(), Integer::sum);
            } else if (key instanceof Refused r) {
                refused.merge(r.action() + " " + r.error() + " " + r.address(), amount.intValue(), Integer::sum);
            }
        });
    }

    /** Newest first: the latest recorded last. */
    @Override
    public List<AuditEvent> ofClient(ClientId client, int limit) {
        List<AuditEvent> trail = new ArrayList<>(events.stream()
                .filter(event -> event.clientId().equals(Optional.of(client))).toList());
        Collections.reverse(trail);
        return trail.stream().limit(limit).toList();
    }

    public List<AuditEvent> events() {
        return List.copyOf(events);
    }

    public int throttled(String limit, String address) {
        return throttled.getOrDefault(limit + " " + address, 0);
    }

    public int refused(AuditEvent.AuditAction action, String error, String address) {
        return refused.getOrDefault(action + " " + error + " " + address, 0);
    }

    /** Every refusal counted, whatever its action, error and address. */
    public int refusedInTotal() {
        return refused.values().stream().mapToInt(Integer::intValue).sum();
    }
}
