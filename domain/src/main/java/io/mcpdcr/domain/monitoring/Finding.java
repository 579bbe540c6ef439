package io.mcpdcr.domain.monitoring;

import java.time.Instant;
import java.util.Objects;

/**
 * Something the abuse scan noticed, with the evidence an operator needs to judge it.
 *
 * @param subject what the finding is about: an address, a network, a client name or a fingerprint
 */
public record Finding(Kind kind, String subject, String evidence, Instant detectedAt) {
    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(detectedAt, "detectedAt");
    }

    public enum Kind {
        /** One address or network (/24, IPv6 /64) registering far above normal. */
        SOURCE_FLOOD,
        /** Many registrations with identical metadata in a short time. */
        IDENTICAL_BURST,
        /** A well-known client's name with redirect hosts that are not that vendor's. */
        IMPERSONATION,
        /** Many distinct redirect hosts registered from one source. */
        REDIRECT_HOST_SPRAY,
        /** Repeated refusals for dangerous redirect URIs (other schemes, non-loopback http) from one source. */
        REFUSED_REDIRECTS
    }
}
