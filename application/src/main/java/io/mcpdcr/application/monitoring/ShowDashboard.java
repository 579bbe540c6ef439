package io.mcpdcr.application.monitoring;

import io.mcpdcr.application.port.MonitoringStore;
import io.mcpdcr.application.port.RegistrationStatistics;
import io.mcpdcr.application.port.UserDirectory;
import io.mcpdcr.domain.monitoring.Finding;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The admin page's content: registrations per hour over the last days, the latest registrations, recent findings and
 * what the next prune would delete. Only for users with the admin role.
 */
public final class ShowDashboard {
    private static final Duration HISTORY = Duration.ofDays(3);
    private static final Duration FINDINGS = Duration.ofDays(7);
    private static final int LATEST = 20;

    private final UserDirectory users;
    private final RegistrationStatistics statistics;
    private final MonitoringStore monitoring;
    private final PruneClients prune;
    private final InstantSource clock;

    public ShowDashboard(UserDirectory users, RegistrationStatistics statistics, MonitoringStore monitoring,
            PruneClients prune, InstantSource clock) {
        this.users = users;
        this.statistics = statistics;
        this.monitoring = monitoring;
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
                statistics.latestRegistrations(LATEST), monitoring.findingsSince(now.minus(FINDINGS)),
                prune.candidates()));
    }

    /** @param since where the hourly history starts */
    public record Dashboard(
            Instant since,
            List<RegistrationStatistics.HourlyCount> perHour,
            List<RegistrationStatistics.RecentRegistration> latest,
            List<Finding> findings,
            PruneClients.Report nextPrune) {
        public Dashboard {
            perHour = List.copyOf(perHour);
            latest = List.copyOf(latest);
            findings = List.copyOf(findings);
        }
    }
}
