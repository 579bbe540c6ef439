package io.mcpdcr.application.account;

import io.mcpdcr.application.port.AllowedApplications;
import io.mcpdcr.domain.account.AllowedApplication;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;

/** The account page's list: the applications a signed-in user allowed, the most recently used first. */
public final class ListAllowedApplications {
    // Never used (only a remembered consent) sorts last; ties by name, so the order is stable.
    private static final Comparator<AllowedApplication> RECENT_FIRST = Comparator
            .comparing((AllowedApplication app) -> app.lastUsedAt().orElse(app.allowedAt()), Comparator.reverseOrder())
            .thenComparing(AllowedApplication::clientName)
            .thenComparing(app -> app.clientId().value());

    private final AllowedApplications allowed;
    private final InstantSource clock;

    public ListAllowedApplications(AllowedApplications allowed, InstantSource clock) {
        this.allowed = allowed;
        this.clock = clock;
    }

    public List<AllowedApplication> list(String username) {
        return allowed.allowedBy(username, clock.instant()).stream().sorted(RECENT_FIRST).toList();
    }
}
