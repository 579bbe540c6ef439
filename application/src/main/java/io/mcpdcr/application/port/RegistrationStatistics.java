package io.mcpdcr.application.port;

import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import java.util.List;

/** Figures about registrations for the admin page. */
public interface RegistrationStatistics {
    /** Registrations per hour from the hour of {@code from}, oldest first; hours without any are left out. */
    List<HourlyCount> registrationsPerHour(Instant from);

    /** The newest registrations, newest first. */
    List<RecentRegistration> latestRegistrations(int limit);

    record HourlyCount(Instant hour, int registrations) {}

    record RecentRegistration(
            ClientId id, String clientName, Instant issuedAt, String address, List<String> redirectUris) {
        public RecentRegistration {
            redirectUris = List.copyOf(redirectUris);
        }
    }
}
