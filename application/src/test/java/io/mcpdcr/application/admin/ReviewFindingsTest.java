package io.mcpdcr.application.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.InMemoryMonitoringStore;
import io.mcpdcr.application.fakes.MutableClock;
import io.mcpdcr.application.fakes.RecordingAuditLog;
import io.mcpdcr.application.port.FindingReview.ReviewedFinding;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReviewFindingsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");

    private final InMemoryMonitoringStore store = new InMemoryMonitoringStore();
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final MutableClock clock = new MutableClock(NOW);
    private final ReviewFindings findings = new ReviewFindings(store, audit, clock);

    @Test
    void aResolvedFindingIsShownResolvedAndTheResolutionIsRecorded() {
        store.saveNew(List.of(new Finding(Finding.Kind.SOURCE_FLOOD, "192.0.2.0/24", "500 in an hour", NOW)), NOW);
        long id = findings.recent(Duration.ofDays(7)).get(0).id();
        clock.advance(Duration.ofMinutes(10));

        assertThat(findings.resolve(id, "root")).isEqualTo(new ReviewFindings.Resolution.Resolved());

        assertThat(findings.recent(Duration.ofDays(7))).extracting(ReviewedFinding::resolvedAt)
                .containsExactly(Optional.of(NOW.plus(Duration.ofMinutes(10))));
        assertThat(audit.events()).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo(AuditEvent.AuditAction.FINDING_RESOLVED);
            assertThat(event.username()).contains("root");
            assertThat(event.at()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        });
    }

    @Test
    void anUnknownFindingIsAnOutcome() {
        assertThat(findings.resolve(42, "root")).isEqualTo(new ReviewFindings.Resolution.NoSuchFinding());
        assertThat(audit.events()).isEmpty();
    }

    @Test
    void onlyFindingsWithinTheWindowAreListed() {
        store.saveNew(List.of(new Finding(Finding.Kind.SOURCE_FLOOD, "old", "e", NOW.minus(Duration.ofDays(8))),
                new Finding(Finding.Kind.SOURCE_FLOOD, "new", "e", NOW)), NOW.minus(Duration.ofDays(30)));

        assertThat(findings.recent(Duration.ofDays(7))).extracting(reviewed -> reviewed.finding().subject())
                .containsExactly("new");
    }
}
