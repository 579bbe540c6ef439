package io.mcpdcr.domain.monitoring;

import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the audit trail: what happened, to which client, from where and for whom. Never holds a secret, a
 * code, a token or a request body.
 *
 * @param outcome a word such as created, refused, approved, denied, issued, succeeded, failed, deleted
 * @param errorCode the OAuth error code of a refusal
 */
public record AuditEvent(
        Instant at,
        AuditAction action,
        String outcome,
        Optional<String> errorCode,
        Optional<ClientId> clientId,
        Optional<String> address,
        Optional<String> userAgent,
        Optional<String> username) {
    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(username, "username");
    }

    /** What the audit trail records. */
    public enum AuditAction {
        REGISTRATION,
        LOGIN,
        CONSENT,
        AUTHORIZATION,
        TOKEN,
        REVOCATION,
        INTROSPECTION,
        CLIENT_DISABLED,
        CLIENT_DELETED
    }
}
