package io.mcpdcr.application.port;

import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.registration.ClientRegistration;

/**
 * Where a successful registration is written: the new client together with its "created" audit event. Registration
 * is the one write an anonymous caller can repeat at will, so it has a port of its own that a database adapter can
 * make cheap (several registrations per transaction) without weakening what a 201 promises.
 */
public interface RegistrationStore {
    /**
     * Stores the client and its audit event, atomically where the store can: when this returns, both are durably
     * stored. Throws {@link StoreUnavailableException} when they may not be, and the caller must then not report the
     * client as registered.
     */
    void save(ClientRegistration client, AuditEvent created);

    /**
     * The client goes to {@code registry}, then the event to {@code audit}, each on its own: for hosts that need no
     * batching. Not atomic: a failing registry writes no event, but an audit log failing afterwards leaves a stored
     * client without its event (the caller is still told the save failed).
     */
    static RegistrationStore of(ClientRegistry registry, AuditLog audit) {
        return (client, created) -> {
            registry.add(client);
            audit.record(created);
        };
    }
}
