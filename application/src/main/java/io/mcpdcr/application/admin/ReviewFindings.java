package io.mcpdcr.application.admin;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.FindingReview;
import io.mcpdcr.application.port.FindingReview.ReviewedFinding;
import io.mcpdcr.domain.monitoring.AuditEvent;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/** The abuse scan's findings as an administrator reviews them: listed, and marked resolved once dealt with. */
public final class ReviewFindings {
    private final FindingReview findings;
    private final AuditLog audit;
    private final InstantSource clock;

    public ReviewFindings(FindingReview findings, AuditLog audit, InstantSource clock) {
        this.findings = findings;
        this.audit = audit;
        this.clock = clock;
    }

    /** Findings detected within {@code within} of now, newest first. */
    public List<ReviewedFinding> recent(Duration within) {
        return findings.reviewSince(clock.instant().minus(within));
    }

    /** Marks the finding resolved, recording who did. */
    public Resolution resolve(long id, String actor) {
        if (!findings.resolve(id, clock.instant())) {
            return new Resolution.NoSuchFinding();
        }
        audit.record(AuditEvent.findingResolved(clock.instant(), actor));
        return new Resolution.Resolved();
    }

    /** The result of resolving a finding. */
    public sealed interface Resolution {
        record Resolved() implements Resolution {}

        record NoSuchFinding() implements Resolution {}
    }
}
