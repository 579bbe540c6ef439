package io.mcpdcr.domain.monitoring;

import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the audit trail: what happened, to which client, from where and for whom. Never holds a secret, a
 * code, a token or a request body.
 *
 * @param outcome a word such as created, refused, approved, denied, issued, succeeded, failed, deleted,
 *     grants-revoked, revoked
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
        CLIENT_DELETED,
        /** An administrator set a user's password; the outcome says whether the user's grants were revoked. */
        USER_PASSWORD_CHANGED,
        /** An administrator removed a user, with everything granted to them. */
        USER_REMOVED,
        /** A user revoked an application's access from their account page. */
        APPLICATION_REVOKED
    }
}
