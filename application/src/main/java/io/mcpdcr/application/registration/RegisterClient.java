package io.mcpdcr.application.registration;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.ClientIdGenerator;
import io.mcpdcr.application.port.RegistrationStore;
import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.oauth.OAuthErrorCode;
import io.mcpdcr.domain.network.AddressBlock;
import io.mcpdcr.domain.registration.ClientMetadataPolicy;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.registration.MetadataCheck;
import io.mcpdcr.domain.registration.RegistrationBudgetPolicy.Budget;
import io.mcpdcr.domain.registration.RegistrationSource;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * RFC 7591 §3: registers a public client. Every attempt counts against the per-IP limit (or, for a hosted client's
 * registration, its host's limit: {@link io.mcpdcr.domain.registration.RegistrationBudgetPolicy}) first and then the
 * global one, so an address refused by its own limit spends none of the global budget; an IPv6 address counts as its whole
 * prefix block ({@link AddressBlock#limitKey}), so rotating through a /64 gains nothing. A new client and its
 * "created" audit event are saved together; refusals go to the audit log. Thread-safe.
 */
public final class RegisterClient {
    public static final String PER_IP_LIMIT = "per-ip";
    public static final String PER_HOSTED_HOST_LIMIT = "per-hosted-host";
    public static final String GLOBAL_LIMIT = "global";

    private final RegistrationStore store;
    private final RegistrationLimits limits;
    private final ClientIdGenerator ids;
    private final InstantSource clock;
    private final ClientMetadataPolicy policy;
    private final AuditLog audit;

    public RegisterClient(
            RegistrationStore store,
            Throttle perIp,
            int ipv6Prefix,
            Throttle global,
            ClientIdGenerator ids,
            InstantSource clock,
            ClientMetadataPolicy policy,
            AuditLog audit) {
        this(store, new RegistrationLimits(perIp, global, ipv6Prefix), ids, clock, policy, audit);
    }

    /** @param limits the registration budget, shared with first fetches of metadata documents */
    public RegisterClient(
            RegistrationStore store,
            RegistrationLimits limits,
            ClientIdGenerator ids,
            InstantSource clock,
            ClientMetadataPolicy policy,
            AuditLog audit) {
        this.store = store;
        this.limits = limits;
        this.ids = ids;
        this.clock = clock;
        this.policy = policy;
        this.audit = audit;
    }

    /** Registers the client, or says why not. Throws {@code StoreUnavailableException} when the store fails. */
    public RegistrationOutcome register(RegistrationRequest request) {
        RegistrationOutcome outcome = attempt(request);
        if (!(outcome instanceof RegistrationOutcome.Registered)) {
            recordRefusal(request.source(), outcome);
        }
        return outcome;
    }

    private RegistrationOutcome attempt(RegistrationRequest request) {
        Budget budget = request.metadata() instanceof SubmittedMetadata.Members members
                ? limits.budgets().budgetFor(members.values())
                : new Budget.ByAddress();
        Optional<RegistrationLimits.Refusal> refusal = limits.spend(request.source().address(), budget);
        if (refusal.isPresent()) {
            return new RegistrationOutcome.Throttled(refusal.get().limit(), refusal.get().retryAfter());
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
        Instant now = clock.instant();
        var client = new ClientRegistration(ids.next(), metadata, now, request.source());
        store.save(client, AuditEvent.registered(now, client.id(), request.source()));
        return new RegistrationOutcome.Registered(client);
    }

    /** Every refusal goes to the audit trail; throttled ones only as counts, so a flood cannot fill the disk. */
    private void recordRefusal(RegistrationSource source, RegistrationOutcome outcome) {
        Instant now = clock.instant();
        if (outcome instanceof RegistrationOutcome.Throttled throttled) {
            audit.countThrottled(throttled.limit(), limits.addressKey(source.address()), now);
            return;
        }
        String error = outcome instanceof RegistrationOutcome.Rejected rejected
                ? rejected.error().code().wire()
                : OAuthErrorCode.INVALID_CLIENT_METADATA.wire();
        audit.record(AuditEvent.registrationRefused(now, error, source));
    }
}
