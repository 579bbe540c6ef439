package io.mcpdcr.domain.monitoring;

import io.mcpdcr.domain.network.AddressBlock;
import io.mcpdcr.domain.registration.LoopbackHost;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a window of registration attempts and names what looks like abuse. Each rule counts something per
 * subject and speaks when the count passes its threshold; the evidence says what was counted.
 */
public final class AbusePolicy {
    private final AbuseThresholds thresholds;

    public AbusePolicy(AbuseThresholds thresholds) {
        this.thresholds = thresholds;
    }

    public AbuseThresholds thresholds() {
        return thresholds;
    }

    /** The findings in {@code attempts}, which should cover {@code thresholds().window()} up to {@code now}. */
    public List<Finding> scan(List<RegistrationAttempt> attempts, Instant now) {
        List<RegistrationAttempt> created = attempts.stream().filter(RegistrationAttempt::created).toList();
        List<Finding> findings = new ArrayList<>();
        over(created, RegistrationAttempt::address, thresholds.perAddress(), Finding.Kind.SOURCE_FLOOD,
                "registrations from this address", now, findings);
        over(created, attempt -> AddressBlock.network(attempt.address()), thresholds.perNetwork(), Finding.Kind.SOURCE_FLOOD,
                "registrations from this network", now, findings);
        over(created.stream().filter(a -> a.fingerprint().isPresent()).toList(), a -> a.fingerprint().get(),
                thresholds.identicalBurst(), Finding.Kind.IDENTICAL_BURST, "registrations with identical metadata",
                now, findings);
        over(attempts.stream().filter(a -> a.errorCode().filter("invalid_redirect_uri"::equals).isPresent()).toList(),
                RegistrationAttempt::address, thresholds.refusedRedirects(), Finding.Kind.REFUSED_REDIRECTS,
                "registrations refused for their redirect URIs from this address", now, findings);
        sprays(created, now, findings);
        impersonations(created, now, findings);
        return findings;
    }

    private static void over(Collection<RegistrationAttempt> attempts, Function<RegistrationAttempt, String> subject,
            int threshold, Finding.Kind kind, String what, Instant now, List<Finding> findings) {
        Map<String, Long> counts = attempts.stream()
                .collect(Collectors.groupingBy(subject, TreeMap::new, Collectors.counting()));
        counts.forEach((key, count) -> {
            if (count > threshold) {
                findings.add(new Finding(kind, key, count + " " + what + " (threshold " + threshold + ")", now));
            }
        });
    }

    private void sprays(List<RegistrationAttempt> created, Instant now, List<Finding> findings) {
        Map<String, Set<String>> hosts = new TreeMap<>();
        for (RegistrationAttempt attempt : created) {
            for (String host : attempt.redirectHosts()) {
                if (!LoopbackHost.is(host)) {
                    hosts.computeIfAbsent(attempt.address(), k -> new TreeSet<>()).add(host.toLowerCase(Locale.ROOT));
                }
            }
        }
        hosts.forEach((address, distinct) -> {
            if (distinct.size() > thresholds.distinctRedirectHosts()) {
                findings.add(new Finding(Finding.Kind.REDIRECT_HOST_SPRAY, address, distinct.size()
                        + " distinct redirect hosts from this address (threshold " + thresholds.distinctRedirectHosts()
                        + "), e.g. " + String.join(", ", distinct.stream().limit(5).toList()), now));
            }
        });
    }

    /** A known client's name on a registration whose non-loopback redirect hosts are not all the vendor's. */
    private void impersonations(List<RegistrationAttempt> created, Instant now, List<Finding> findings) {
        for (RegistrationAttempt attempt : created) {
            if (attempt.clientName().isEmpty()) {
                continue;
            }
            String name = normalized(attempt.clientName().get());
            for (KnownClient known : thresholds.knownClients()) {
                if (!name.contains(normalized(known.name()))) {
                    continue;
                }
                List<String> foreign = attempt.redirectHosts().stream()
                        .filter(host -> !LoopbackHost.is(host) && !known.ownsHost(host))
                        .toList();
                if (!foreign.isEmpty()) {
                    findings.add(new Finding(Finding.Kind.IMPERSONATION, attempt.clientName().get(),
                            "named like " + known.name() + " but redirects to " + String.join(", ", foreign)
                                    + " (registered from " + attempt.address() + ")", now));
                }
            }
        }
    }

    /** Lower case with everything but letters and digits removed, so "C l a u d e" and "claude" match. */
    private static String normalized(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }
}
