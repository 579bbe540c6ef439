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
 *     grants-revoked
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
        /** An administrator let a disabled client in again. */
        CLIENT_ENABLED,
        CLIENT_DELETED,
        /** An administrator revoked a client's codes and tokens, keeping the client. */
        CLIENT_TOKENS_REVOKED,
        /** An administrator revoked a user's codes, tokens and remembered consents, keeping the account. */
        USER_TOKENS_REVOKED,
        /** An administrator marked an abuse finding resolved. */
        FINDING_RESOLVED,
        /** An administrator set a user's password; the outcome says whether the user's grants were revoked. */
        USER_PASSWORD_CHANGED,
        /** An administrator removed a user, with everything granted to them. */
        USER_REMOVED
    }
}
