package io.mcpdcr.application.authorization;

import io.mcpdcr.application.port.FailureBudget;
import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.domain.network.AddressBlock;
import io.mcpdcr.domain.token.OpaqueToken;
import java.util.Locale;

/**
 * The limits on sign-ins. Every attempt counts against its client address (an IPv6 address by its prefix, which one
 * host can rotate through). Only failures count against a username, first per network (IPv4 /24, IPv6 /64), so a
 * guesser on one network locks out only that network, and then against a higher ceiling across all networks, which
 * bounds guessing spread over many.
 *
 * @param ipv6Prefix the IPv6 prefix length the per-address limit keys on
 */
public record LoginLimits(Throttle perAddress, int ipv6Prefix, FailureBudget perUserAndNetwork, FailureBudget perUser) {
    /** No limit at all: for tests and hosts that limit elsewhere. */
    public static LoginLimits none() {
        return new LoginLimits(Throttle.unlimited(), AddressBlock.DEFAULT_IPV6_PREFIX, FailureBudget.unlimited(),
                FailureBudget.unlimited());
    }

    String addressKey(String address) {
        return "login:" + AddressBlock.limitKey(address, ipv6Prefix);
    }

    /**
     * Usernames ignore case here, so ALICE and alice share one budget whatever the directory does with case. Hashed:
     * a typed name can be as long as a request body, and a key held per failing name must stay small.
     */
    static String userKey(String username) {
        return "login:" + OpaqueToken.hash(username.toLowerCase(Locale.ROOT));
    }

    static String userAndNetworkKey(String username, String address) {
        return userKey(username) + "@" + AddressBlock.network(address);
    }
}
