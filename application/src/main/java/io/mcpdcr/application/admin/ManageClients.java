package io.mcpdcr.application.admin;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.AuditTrail;
import io.mcpdcr.application.port.ClientDirectory;
import io.mcpdcr.application.port.ClientDirectory.ClientDetails;
import io.mcpdcr.application.port.ClientDirectory.ClientSummary;
import io.mcpdcr.application.port.ClientMaintenance;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * What an administrator looks at and does to registered clients, from the command line or the admin pages. Each
 * change is recorded in the audit trail under the acting administrator's name; an unknown client is an outcome.
 */
public final class ManageClients {
    /** Clients per page of the admin pages' list. */
    public static final int PAGE_SIZE = 50;
    /** The last page reachable: its offset stays far inside an int. */
    static final int MAX_PAGE = 100_000;
    /** Audit events shown with a client. */
    static final int TRAIL = 50;

    private final ClientDirectory directory;
    private final ClientMaintenance maintenance;
    private final AuditTrail trail;
    private final AuditLog audit;
    private final InstantSource clock;

    public ManageClients(ClientDirectory directory, ClientMaintenance maintenance, AuditTrail trail, AuditLog audit,
            InstantSource clock) {
        this.directory = directory;
        this.maintenance = maintenance;
        this.trail = trail;
        this.audit = audit;
        this.clock = clock;
    }

    /** The command line's filtered list, newest first; {@code registeredWithin} counts back from now. */
    public List<ClientSummary> list(Optional<Duration> registeredWithin, Optional<String> address,
            Optional<String> nameContains, boolean unusedOnly) {
        Optional<Instant> since = registeredWithin.map(clock.instant()::minus);
        return directory.list(since, address, nameContains, unusedOnly);
    }

    /**
     * Page {@code page} (from 0) of the clients matching {@code search} (client_id, address, name or redirect URI),
     * newest first. Blank text matches every client.
     */
    public ClientPage search(String search, int page) {
        Optional<String> text = Optional.ofNullable(search).map(String::strip).filter(value -> !value.isEmpty());
        int from = Math.min(Math.max(0, page), MAX_PAGE);
        // One more than a page tells whether there is a next one without counting every match.
        List<ClientSummary> found = directory.search(text, from * PAGE_SIZE, PAGE_SIZE + 1);
        return new ClientPage(found.subList(0, Math.min(PAGE_SIZE, found.size())), from, found.size() > PAGE_SIZE);
    }

    /** The client in detail with its latest audit events; empty when unknown. */
    public Optional<ClientView> show(ClientId id) {
        return directory.show(id, clock.instant())
                .map(details -> new ClientView(details, trail.ofClient(id, TRAIL)));
    }

    /** Refuses the client at authorize and token from now on, and revokes its tokens. */
    public ClientChange disable(ClientId id, String actor) {
        return change(maintenance.disable(id), id, AuditEvent.clientDisabled(clock.instant(), id, actor));
    }

    /** Lets a disabled client in again. */
    public ClientChange enable(ClientId id, String actor) {
        return change(maintenance.enable(id), id, AuditEvent.clientEnabled(clock.instant(), id, actor));
    }

    /** Deletes the client with its codes, tokens and consents. */
    public ClientChange delete(ClientId id, String actor) {
        return change(maintenance.delete(List.of(id)) > 0, id, AuditEvent.clientDeleted(clock.instant(), id, actor));
    }

    /** Ends the client's codes and tokens; the client may start again from authorize. */
    public ClientChange revokeTokens(ClientId id, String actor) {
        return change(maintenance.revokeTokens(id), id, AuditEvent.clientTokensRevoked(clock.instant(), id, actor));
    }

    /** Records {@code event} only when the change was {@code done}. */
    private ClientChange change(boolean done, ClientId id, AuditEvent event) {
        if (!done) {
            return new ClientChange.NoSuchClient(id);
        }
        audit.record(event);
        return new ClientChange.Changed(id);
    }

    /** @param hasNext whether a further page has clients */
    public record ClientPage(List<ClientSummary> clients, int page, boolean hasNext) {
        public ClientPage {
            clients = List.copyOf(clients);
        }
    }

    /** @param trail the client's latest audit events, newest first */
    public record ClientView(ClientDetails details, List<AuditEvent> trail) {
        public ClientView {
            trail = List.copyOf(trail);
        }
    }

    /** The result of an administrator's change to a client. */
    public sealed interface ClientChange {
        ClientId client();

        record Changed(ClientId client) implements ClientChange {}

        record NoSuchClient(ClientId client) implements ClientChange {}
    }
}
