package io.mcpdcr.application.registration;

import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.domain.network.AddressBlock;
import java.time.Duration;
import java.util.Optional;

/**
 * The registration budget, one for every way a client comes to be registered: the registration endpoint and the first
 * fetch of a metadata document spend the same permits under the same keys. Per address first (IPv6 by its
 * {@code ipv6Prefix} block), then global, so an address refused by its own limit spends none of the global budget.
 */
public record RegistrationLimits(Throttle perIp, Throttle global, int ipv6Prefix) {
    private static final String PER_IP_KEY_PREFIX = "register:";
    private static final String GLOBAL_KEY = "register";

    public RegistrationLimits {
        AddressBlock.limitKey("127.0.0.1", ipv6Prefix); // refuses a prefix out of range now, not on a request
    }

    /** Takes one registration's permits for {@code address}, or says which limit refused it and for how long. */
    Optional<Refusal> spend(String address) {
        Throttle.Decision byAddress = perIp.tryAcquire(PER_IP_KEY_PREFIX + addressKey(address));
        if (!byAddress.admitted()) {
            return Optional.of(new Refusal(RegisterClient.PER_IP_LIMIT, byAddress.retryAfter()));
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

    /** @param limit {@link RegisterClient#PER_IP_LIMIT} or {@link RegisterClient#GLOBAL_LIMIT} */
    record Refusal(String limit, Duration retryAfter) {}
}
