package io.mcpdcr.application.port;

import io.mcpdcr.domain.monitoring.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The abuse scan's findings as an administrator reviews them: each stored under an id, and resolved or not. */
public interface FindingReview {
    /** Findings detected since {@code from} (inclusive), newest first. */
    List<ReviewedFinding> reviewSince(Instant from);

    /** Marks the finding resolved at {@code at} (the first time counts); false when there is no such finding. */
    boolean resolve(long id, Instant at);

    /** @param resolvedAt when an administrator marked it resolved */
    record ReviewedFinding(long id, Finding finding, Optional<Instant> resolvedAt) {}
}
