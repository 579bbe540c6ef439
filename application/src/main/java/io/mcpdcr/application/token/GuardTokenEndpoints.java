package io.mcpdcr.application.token;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.network.AddressBlock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * What anonymous callers of the token, revocation and introspection endpoints may cost: one per-address budget
 * shared by the three ({@code DCR_TOKEN_PER_IP}, IPv6 keyed on its prefix), and refusals and throttled requests
 * counted per hour, address and error instead of a row each, so a flood grows the database by counters, not rows.
 */
public final class GuardTokenEndpoints {
    /** The name throttled requests are counted under. */
    public static final String PER_IP_LIMIT = "token-per-ip";
    private static final String KEY_PREFIX = "token:";

    private final Throttle perAddress;
    private final int ipv6Prefix;
    private final AuditLog audit;
    private final InstantSource clock;

    public GuardTokenEndpoints(Throttle perAddress, int ipv6Prefix, AuditLog audit, InstantSource clock) {
        this.perAddress = Objects.requireNonNull(perAddress, "perAddress");
        AddressBlock.limitKey("127.0.0.1", ipv6Prefix); // refuses a prefix out of range now, not on a request
        this.ipv6Prefix = ipv6Prefix;
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Spends one of the address's permits, before anything of the request is read. */
    public Admission admit(String address) {
        String key = AddressBlock.limitKey(address, ipv6Prefix);
        Throttle.Decision decision = perAddress.tryAcquire(KEY_PREFIX + key);
        if (decision.admitted()) {
            return new Admission.Admitted();
        }
        audit.countThrottled(PER_IP_LIMIT, key, clock.instant());
        return new Admission.Throttled(decision.retryAfter());
    }

    /** Counts a refused request of {@code endpoint} (TOKEN, REVOCATION or INTROSPECTION) with its error code. */
    public void refused(AuditAction endpoint, String address, String error) {
        audit.countRefused(endpoint, error, AddressBlock.limitKey(address, ipv6Prefix), clock.instant());
    }

    /** Whether a request may go on. */
    public sealed interface Admission {
        record Admitted() implements Admission {}

        /** The address spent its budget: answer 429 with this Retry-After. */
        record Throttled(Duration retryAfter) implements Admission {}
    }
}
