package io.mcpdcr.domain.monitoring;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When the abuse scan speaks up, per sliding window.
 *
 * @param window how far back one scan looks
 * @param perAddress created registrations from one address above which it is a flood
 * @param perNetwork created registrations from one /24 (IPv4) or /64 (IPv6) above which it is a flood
 * @param identicalBurst registrations with one metadata fingerprint above which it is a burst
 * @param distinctRedirectHosts distinct non-loopback redirect hosts from one address above which it is a spray
 * @param refusedRedirects invalid_redirect_uri refusals from one address above which it is probing
 * @param knownClients names that attackers imitate, with their vendors' redirect hosts
 */
public record AbuseThresholds(
        Duration window,
        int perAddress,
        int perNetwork,
        int identicalBurst,
        int distinctRedirectHosts,
        int refusedRedirects,
        List<KnownClient> knownClients) {
    public AbuseThresholds {
        Objects.requireNonNull(window, "window");
        knownClients = List.copyOf(knownClients);
    }

    /** Defaults sized for an MCP deployment: clients re-register often, but not dozens of times an hour. */
    public static AbuseThresholds defaults() {
        return new AbuseThresholds(Duration.ofHours(1), 30, 100, 50, 10, 10, KnownClients.DEFAULT);
    }
}
