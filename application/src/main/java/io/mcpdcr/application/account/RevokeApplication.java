package io.mcpdcr.application.account;

import io.mcpdcr.application.port.AllowedApplications;
import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.domain.account.AllowedApplication;
import io.mcpdcr.domain.monitoring.AuditEvent;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Ends an application's access to the signed-in user's account: its codes, tokens and remembered consents for that
 * user, so its next authorization request asks the user again. Written to the audit trail.
 */
public final class RevokeApplication {
    private final AllowedApplications allowed;
    private final AuditLog audit;
    private final InstantSource clock;

    public RevokeApplication(AllowedApplications allowed, AuditLog audit, InstantSource clock) {
        this.allowed = allowed;
        this.audit = audit;
        this.clock = clock;
    }

    public Outcome revoke(RevokeApplicationRequest request) {
        Instant now = clock.instant();
        // Only what this user allowed is found: a client_id of someone else's grant is simply not among them.
        Optional<AllowedApplication> application = allowed.allowedBy(request.username(), now).stream()
                .filter(app -> app.clientId().equals(request.clientId()))
                .findFirst();
        // A concurrent revocation may have deleted everything since: then this one did nothing.
        if (application.isEmpty() || !allowed.revoke(request.username(), request.clientId())) {
            return new Outcome.NotAllowed();
        }
        audit.record(AuditEvent.applicationRevoked(now, request.clientId(), request.username(), request.address()));
        return new Outcome.Revoked(application.get());
    }

    public sealed interface Outcome {
        record Revoked(AllowedApplication application) implements Outcome {}

        /** The user allowed no such application (or it was revoked already). */
        record NotAllowed() implements Outcome {}
    }
}
