package io.mcpdcr.domain.monitoring;

import java.util.Locale;
import java.util.Set;

/**
 * A well-known client whose name attackers imitate, and the hosts its redirect URIs may use. Loopback hosts are
 * always the vendor's own (native apps listen on them).
 *
 * @param vendorHosts host names or parent domains (a host matches when equal or a subdomain)
 */
public record KnownClient(String name, Set<String> vendorHosts) {
    public KnownClient {
        name = name.trim();
        vendorHosts = Set.copyOf(vendorHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
    }

    /** Whether a host belongs to the vendor: the same host or one of its subdomains. */
    public boolean ownsHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return vendorHosts.stream().anyMatch(vendor -> lower.equals(vendor) || lower.endsWith("." + vendor));
    }
}
