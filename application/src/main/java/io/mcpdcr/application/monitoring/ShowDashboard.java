package io.mcpdcr.application.monitoring;

import io.mcpdcr.application.port.FindingReview;
import io.mcpdcr.application.port.FindingReview.ReviewedFinding;
import io.mcpdcr.application.port.RegistrationStatistics;
import io.mcpdcr.application.port.UserDirectory;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The admin page's content: registration attempts per hour over the last days (created, refused and throttled), the
 * latest registrations, recent findings and what the next prune would delete. Only for users with the admin role.
 */
public final class ShowDashboard {
    private static final Duration HISTORY = Duration.ofDays(3);
    private static final Duration FINDINGS = Duration.ofDays(7);
    private static final int LATEST = 20;

    private final UserDirectory users;
    private final RegistrationStatistics statistics;
    private final FindingReview findings;
    private final PruneClients prune;
    private final InstantSource clock;

    public ShowDashboard(UserDirectory users, RegistrationStatistics statistics, FindingReview findings,
            PruneClients prune, InstantSource clock) {
        this.users = users;
        this.statistics = statistics;
        this.findings = findings;
        this.prune = prune;
        this.clock = clock;
    }

    /** The dashboard, or empty when {@code username} is not an admin. */
    public Optional<Dashboard> show(String username) {
        if (!users.isAdmin(username)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return Optional.of(new Dashboard(now.minus(HISTORY), statistics.registrationsPerHour(now.minus(HISTORY)),
                statistics.latestRegistrations(LATEST), findings.reviewSince(now.minus(FINDINGS)),
                prune.candidates()));
    }

    /** @param since where the hourly history starts */
    public record Dashboard(
            Instant since,
            List<RegistrationStatistics.HourlyCount> perHour,
            List<RegistrationStatistics.RecentRegistration> latest,
            List<ReviewedFinding> findings,
            PruneClients.Report nextPrune) {
        public Dashboard {
            perHour = List.copyOf(perHour);
            latest = List.copyOf(latest);
            findings = List.copyOf(findings);
        }
    }
}
