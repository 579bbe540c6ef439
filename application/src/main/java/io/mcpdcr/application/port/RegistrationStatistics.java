package io.mcpdcr.application.port;

import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import java.util.List;

/** Figures about registrations for the admin page. */
public interface RegistrationStatistics {
    /**
     * Registration attempts per hour from the hour of {@code from}, oldest first: created, refused and throttled.
     * Hours without any are left out.
     */
    List<HourlyCount> registrationsPerHour(Instant from);

    /** The newest registrations, newest first. */
    List<RecentRegistration> latestRegistrations(int limit);

    /** @param created clients registered in the hour and still registered */
    record HourlyCount(Instant hour, int created, int refused, int throttled) {
        public int attempts() {
            return created + refused + throttled;
        }
    }

    record RecentRegistration(
            ClientId id, String clientName, Instant issuedAt, String address, List<String> redirectUris) {
        public RecentRegistration {
            redirectUris = List.copyOf(redirectUris);
        }
    }
}
