package io.mcpdcr.application.registration;

import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.domain.network.AddressBlock;
import io.mcpdcr.domain.registration.RegistrationBudgetPolicy;
import io.mcpdcr.domain.registration.RegistrationBudgetPolicy.Budget;
import java.time.Duration;
import java.util.Optional;

/**
 * The registration budget, one for every way a client comes to be registered: the registration endpoint and the first
 * fetch of a metadata document spend the same permits under the same keys. Per address (IPv6 by its
 * {@code ipv6Prefix} block) or, for a registration that {@code budgets} assigns to a hosted client's host, per that
 * host; then global, so a registration refused by its own limit spends none of the global budget.
 */
public record RegistrationLimits(Throttle perIp, Throttle global, int ipv6Prefix, Throttle perHostedHost,
        RegistrationBudgetPolicy budgets) {
    private static final String PER_IP_KEY_PREFIX = "register:";
    private static final String PER_HOST_KEY_PREFIX = "register-host:";
    private static final String GLOBAL_KEY = "register";

    public RegistrationLimits {
        AddressBlock.limitKey("127.0.0.1", ipv6Prefix); // refuses a prefix out of range now, not on a request
    }

    /** Limits without hosted hosts: every registration spends its address's budget. */
    public RegistrationLimits(Throttle perIp, Throttle global, int ipv6Prefix) {
        this(perIp, global, ipv6Prefix, Throttle.unlimited(), RegistrationBudgetPolicy.byAddressOnly());
    }

    /** Takes one registration's permits for {@code address}, or says which limit refused it and for how long. */
    Optional<Refusal> spend(String address) {
        return spend(address, new Budget.ByAddress());
    }

    /** Takes one registration's permits from {@code budget} and the global one, or says which limit refused it. */
    Optional<Refusal> spend(String address, Budget budget) {
        Throttle.Decision own = budget instanceof Budget.ByHostedHost hosted
                ? perHostedHost.tryAcquire(PER_HOST_KEY_PREFIX + hosted.host())
                : perIp.tryAcquire(PER_IP_KEY_PREFIX + addressKey(address));
        if (!own.admitted()) {
            String limit = budget instanceof Budget.ByHostedHost
                    ? RegisterClient.PER_HOSTED_HOST_LIMIT
                    : RegisterClient.PER_IP_LIMIT;
            return Optional.of(new Refusal(limit, own.retryAfter()));
        }
        Throttle.Decision overall = global.tryAcquire(GLOBAL_KEY);
        if (!overall.admitted()) {
            return Optional.of(new Refusal(RegisterClient.GLOBAL_LIMIT, overall.retryAfter()));
        }
        return Optional.empty();
    }

    /** What an address counts under, in the limits and in the audit trail's counts. */
    String addressKey(String address) {
        return AddressBlock.limitKey(address, ipv6Prefix);
    }

    /** @param limit {@link RegisterClient#PER_IP_LIMIT}, {@link RegisterClient#PER_HOSTED_HOST_LIMIT} or {@link RegisterClient#GLOBAL_LIMIT} */
    record Refusal(String limit, Duration retryAfter) {}
}
