package io.mcpdcr.application.registration;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.ClientIdGenerator;
import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientMetadataPolicy;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.registration.MetadataCheck;
import io.mcpdcr.domain.registration.RegistrationSource;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * RFC 7591 §3: registers a public client. Every attempt counts against the per-IP limit first and then the global
 * one, so an address refused by its own limit spends none of the global budget. Thread-safe.
 */
public final class RegisterClient {
    public static final String PER_IP_LIMIT = "per-ip";
    public static final String GLOBAL_LIMIT = "global";
    private static final String GLOBAL_KEY = "register";

    private final ClientRegistry registry;
    private final Throttle perIp;
    private final Throttle global;
    private final ClientIdGenerator ids;
    private final InstantSource clock;
    private final ClientMetadataPolicy policy;
    private final AuditLog audit;

    public RegisterClient(
            ClientRegistry registry,
            Throttle perIp,
            Throttle global,
            ClientIdGenerator ids,
            InstantSource clock,
            ClientMetadataPolicy policy,
            AuditLog audit) {
        this.registry = registry;
        this.perIp = perIp;
        this.global = global;
        this.ids = ids;
        this.clock = clock;
        this.policy = policy;
        this.audit = audit;
    }

    /** Registers the client, or says why not. Throws {@code StoreUnavailableException} when the registry fails. */
    public RegistrationOutcome register(RegistrationRequest request) {
        RegistrationOutcome outcome = attempt(request);
        record(request.source(), outcome);
        return outcome;
    }

    private RegistrationOutcome attempt(RegistrationRequest request) {
        Throttle.Decision ipDecision = perIp.tryAcquire("register:" + request.source().address());
        if (!ipDecision.admitted()) {
            return new RegistrationOutcome.Throttled(PER_IP_LIMIT, ipDecision.retryAfter());
        }
        Throttle.Decision globalDecision = global.tryAcquire(GLOBAL_KEY);
        if (!globalDecision.admitted()) {
            return new RegistrationOutcome.Throttled(GLOBAL_LIMIT, globalDecision.retryAfter());
        }
        if (request.metadata() instanceof SubmittedMetadata.Unreadable unreadable) {
            return new RegistrationOutcome.Unreadable(unreadable.problem(), unreadable.description());
        }
        var members = ((SubmittedMetadata.Members) request.metadata()).values();
        MetadataCheck check = policy.evaluate(members);
        if (check instanceof MetadataCheck.Invalid invalid) {
            return new RegistrationOutcome.Rejected(invalid.error());
        }
        var metadata = ((MetadataCheck.Valid) check).metadata();
        var client = new ClientRegistration(ids.next(), metadata, clock.instant(), request.source());
        registry.add(client);
        return new RegistrationOutcome.Registered(client);
    }

    /** Every attempt goes to the audit trail; throttled ones only as counts, so a flood cannot fill the disk. */
    private void record(RegistrationSource source, RegistrationOutcome outcome) {
        Instant now = clock.instant();
        if (outcome instanceof RegistrationOutcome.Throttled throttled) {
            audit.countThrottled(throttled.limit(), source.address(), now);
            return;
        }
        Optional<ClientId> clientId = Optional.empty();
        Optional<String> error = Optional.empty();
        if (outcome instanceof RegistrationOutcome.Registered registered) {
            clientId = Optional.of(registered.client().id());
        } else if (outcome instanceof RegistrationOutcome.Rejected rejected) {
            error = Optional.of(rejected.error().code());
        } else {
            error = Optional.of("invalid_client_metadata");
        }
        audit.record(new AuditEvent(now, AuditEvent.AuditAction.REGISTRATION, clientId.isPresent() ? "created" : "refused",
                error, clientId, Optional.of(source.address()), source.userAgent(), Optional.empty()));
    }
}
