package io.mcpdcr.domain.monitoring;

import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.RegistrationSource;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the audit trail: what happened, to which client, from where and for whom. Never holds a secret, a
 * code, a token or a request body.
 *
 * Call sites use the named factories; the canonical constructor stays for stores and tests.
 *
 * @param errorCode the OAuth error code of a refusal
 */
public record AuditEvent(
        Instant at,
        AuditAction action,
        AuditOutcome outcome,
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

    /** A client registered from {@code source}. */
    public static AuditEvent registered(Instant at, ClientId clientId, RegistrationSource source) {
        return registration(at, AuditOutcome.CREATED, Optional.empty(), Optional.of(clientId), source);
    }

    /** A registration from {@code source} refused with an RFC 7591 error. */
    public static AuditEvent registrationRefused(Instant at, String errorCode, RegistrationSource source) {
        return registration(at, AuditOutcome.REFUSED, Optional.of(errorCode), Optional.empty(), source);
    }

    /** A sign-in; the typed name is kept even when refused, for an operator looking into password guessing. */
    public static AuditEvent login(Instant at, boolean succeeded, String address, Optional<String> typedUsername) {
        return new AuditEvent(at, AuditAction.LOGIN, succeeded ? AuditOutcome.SUCCEEDED : AuditOutcome.FAILED,
                Optional.empty(), Optional.empty(), Optional.of(address), Optional.empty(), typedUsername);
    }

    public static AuditEvent signedOut(Instant at, String username) {
        return byUser(at, AuditAction.LOGIN, AuditOutcome.SIGNED_OUT, Optional.empty(), username);
    }

    /** The user answered the consent page for the client. */
    public static AuditEvent consent(Instant at, boolean approved, ClientId clientId, String username) {
        return byUser(at, AuditAction.CONSENT, approved ? AuditOutcome.APPROVED : AuditOutcome.DENIED,
                Optional.of(clientId), username);
    }

    /** An authorization code went to the client for the user. */
    public static AuditEvent codeIssued(Instant at, ClientId clientId, String username) {
        return byUser(at, AuditAction.AUTHORIZATION, AuditOutcome.CODE_ISSUED, Optional.of(clientId), username);
    }

    public static AuditEvent tokenIssued(Instant at, ClientId clientId) {
        return ofClient(at, AuditAction.TOKEN, AuditOutcome.ISSUED, clientId, Optional.empty());
    }

    /** The client revoked a token family of its own. */
    public static AuditEvent tokensRevoked(Instant at, ClientId clientId) {
        return ofClient(at, AuditAction.REVOCATION, AuditOutcome.REVOKED, clientId, Optional.empty());
    }

    /** The recurring prune deleted a never-used or long-unused client. */
    public static AuditEvent clientPruned(Instant at, ClientId clientId) {
        return ofClient(at, AuditAction.CLIENT_DELETED, AuditOutcome.PRUNED, clientId, Optional.empty());
    }

    /** An administrator ({@code by}) disabled the client. */
    public static AuditEvent clientDisabled(Instant at, ClientId clientId, String by) {
        return ofClient(at, AuditAction.CLIENT_DISABLED, AuditOutcome.DISABLED, clientId, Optional.of(by));
    }

    /** An administrator ({@code by}) deleted the client. */
    public static AuditEvent clientDeleted(Instant at, ClientId clientId, String by) {
        return ofClient(at, AuditAction.CLIENT_DELETED, AuditOutcome.DELETED, clientId, Optional.of(by));
    }

    /** An administrator set the user's password, revoking or keeping what the user had granted. */
    public static AuditEvent passwordChanged(Instant at, String username, boolean grantsKept) {
        return byUser(at, AuditAction.USER_PASSWORD_CHANGED,
                grantsKept ? AuditOutcome.GRANTS_KEPT : AuditOutcome.GRANTS_REVOKED, Optional.empty(), username);
    }

    /** An administrator removed the user, with everything granted to them. */
    public static AuditEvent userRemoved(Instant at, String username) {
        return byUser(at, AuditAction.USER_REMOVED, AuditOutcome.GRANTS_REVOKED, Optional.empty(), username);
    }

    /** An administrator let a disabled client in again. */
    public static AuditEvent clientEnabled(Instant at, ClientId clientId, String by) {
        return ofClient(at, AuditAction.CLIENT_ENABLED, AuditOutcome.ENABLED, clientId, Optional.of(by));
    }

    /** An administrator ended a client's codes and tokens, keeping the client. */
    public static AuditEvent clientTokensRevoked(Instant at, ClientId clientId, String by) {
        return ofClient(at, AuditAction.CLIENT_TOKENS_REVOKED, AuditOutcome.REVOKED, clientId, Optional.of(by));
    }

    /** An administrator ended a user's codes, tokens and remembered consents, keeping the account. */
    public static AuditEvent userTokensRevoked(Instant at, String username) {
        return byUser(at, AuditAction.USER_TOKENS_REVOKED, AuditOutcome.GRANTS_REVOKED, Optional.empty(), username);
    }

    /** An administrator marked an abuse finding resolved. */
    public static AuditEvent findingResolved(Instant at, String by) {
        return byUser(at, AuditAction.FINDING_RESOLVED, AuditOutcome.RESOLVED, Optional.empty(), by);
    }

    /** A user took back an application's access on their account page. */
    public static AuditEvent applicationRevoked(Instant at, ClientId clientId, String username, String address) {
        return new AuditEvent(at, AuditAction.APPLICATION_REVOKED, AuditOutcome.REVOKED, Optional.empty(),
                Optional.of(clientId), Optional.of(address), Optional.empty(), Optional.of(username));
    }

    /** A person signed in through an upstream identity provider, to the account named {@code username}. */
    public static AuditEvent upstreamSignedIn(Instant at, String username, String address) {
        return new AuditEvent(at, AuditAction.UPSTREAM_LOGIN, AuditOutcome.SUCCEEDED, Optional.empty(),
                Optional.empty(), Optional.of(address), Optional.empty(), Optional.of(username));
    }

    /**
     * The allow rules refused a person the provider vouched for.
     *
     * @param reason the refusal's code, such as {@code domain_not_allowed}
     * @param who the person as the provider names them (email or username), truncated to fit
     */
    public static AuditEvent upstreamSignInRefused(Instant at, String reason, Optional<String> who, String address) {
        return new AuditEvent(at, AuditAction.UPSTREAM_LOGIN, AuditOutcome.REFUSED, Optional.of(reason),
                Optional.empty(), Optional.of(address), Optional.empty(), who.map(name -> truncated(name, 100)));
    }

    private static String truncated(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static AuditEvent registration(Instant at, AuditOutcome outcome, Optional<String> errorCode,
            Optional<ClientId> clientId, RegistrationSource source) {
        return new AuditEvent(at, AuditAction.REGISTRATION, outcome, errorCode, clientId, Optional.of(source.address()),
                source.userAgent(), Optional.empty());
    }

    private static AuditEvent byUser(Instant at, AuditAction action, AuditOutcome outcome, Optional<ClientId> clientId,
            String username) {
        return new AuditEvent(at, action, outcome, Optional.empty(), clientId, Optional.empty(), Optional.empty(),
                Optional.of(username));
    }

    private static AuditEvent ofClient(Instant at, AuditAction action, AuditOutcome outcome, ClientId clientId,
            Optional<String> username) {
        return new AuditEvent(at, action, outcome, Optional.empty(), Optional.of(clientId), Optional.empty(),
                Optional.empty(), username);
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
        USER_REMOVED,
        /** A user revoked an application's access from their account page. */
        APPLICATION_REVOKED,
        /** A sign-in through an upstream identity provider (OpenID Connect or GitHub): succeeded, refused or failed. */
        UPSTREAM_LOGIN
    }

    /** How it ended; {@link #wire()} is the text stored in the audit trail and shown on the admin page and CLI. */
    public enum AuditOutcome {
        CREATED("created"),
        REFUSED("refused"),
        SUCCEEDED("succeeded"),
        FAILED("failed"),
        SIGNED_OUT("signed_out"),
        APPROVED("approved"),
        DENIED("denied"),
        CODE_ISSUED("code_issued"),
        ISSUED("issued"),
        REVOKED("revoked"),
        PRUNED("pruned"),
        DISABLED("disabled"),
        ENABLED("enabled"),
        RESOLVED("resolved"),
        DELETED("deleted"),
        GRANTS_KEPT("grants-kept"),
        GRANTS_REVOKED("grants-revoked");

        private final String wire;

        AuditOutcome(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** The outcome stored as {@code wire}. */
        public static AuditOutcome fromWire(String wire) {
            for (AuditOutcome outcome : values()) {
                if (outcome.wire.equals(wire)) {
                    return outcome;
                }
            }
            throw new IllegalArgumentException("unknown audit outcome " + wire);
        }
    }
}
