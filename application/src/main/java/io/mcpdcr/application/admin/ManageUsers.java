package io.mcpdcr.application.admin;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.UserAccounts;
import io.mcpdcr.domain.authorization.UserAccountPolicy;
import io.mcpdcr.domain.monitoring.AuditEvent;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What an administrator does to a user account, with its consequences for what the user was granted. A password is
 * usually changed because the old one leaked; whoever used it may hold the user's refresh tokens, which rotate for
 * months, and remembered consents that hand out codes without asking. So a change revokes all of them unless the
 * administrator asks to keep them, and the audit trail says which. Names and passwords {@link UserAccountPolicy}
 * refuses are answered as outcomes; the store never sees them.
 */
public final class ManageUsers {
    private final UserAccounts accounts;
    private final AuditLog audit;
    private final InstantSource clock;

    public ManageUsers(UserAccounts accounts, AuditLog audit, InstantSource clock) {
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /** Adds a user (the password array is wiped afterwards). */
    public Addition add(String username, char[] password, boolean admin) {
        try {
            Optional<String> problem = UserAccountPolicy.usernameProblem(username)
                    .or(() -> UserAccountPolicy.passwordProblem(password));
            if (problem.isPresent()) {
                return new Addition.Refused(problem.get());
            }
            return accounts.add(username, password, admin) ? new Addition.Added() : new Addition.AlreadyExists();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Every user, by name. */
    public List<UserAccounts.Account> list() {
        return accounts.list();
    }

    /** Sets a new password (the array is wiped afterwards), ending sessions and, unless {@code keepGrants}, grants. */
    public PasswordChange changePassword(String username, char[] password, boolean keepGrants) {
        try {
            Optional<String> problem = UserAccountPolicy.passwordProblem(password);
            if (problem.isPresent()) {
                return new PasswordChange.Refused(problem.get());
            }
            if (!accounts.changePassword(username, password, !keepGrants)) {
                return new PasswordChange.NoSuchUser();
            }
            audit.record(AuditEvent.passwordChanged(clock.instant(), username, keepGrants));
            return new PasswordChange.Changed(!keepGrants);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Ends the user's codes, tokens and remembered consents; the account and its sessions stay. */
    public Revocation revokeTokens(String username) {
        if (!accounts.revokeGrants(username)) {
            return new Revocation.NoSuchUser();
        }
        audit.record(AuditEvent.userTokensRevoked(clock.instant(), username));
        return new Revocation.Revoked();
    }

    /** Removes the user and everything they were granted. */
    public Removal remove(String username) {
        if (!accounts.remove(username)) {
            return new Removal.NoSuchUser();
        }
        audit.record(AuditEvent.userRemoved(clock.instant(), username));
        return new Removal.Removed();
    }

    /** The result of adding a user. */
    public sealed interface Addition {
        record Added() implements Addition {}

        record AlreadyExists() implements Addition {}

        /** @param problem what {@link UserAccountPolicy} has against the name or the password */
        record Refused(String problem) implements Addition {}
    }

    /** The result of a password change. */
    public sealed interface PasswordChange {
        /** @param grantsRevoked whether the user's codes, tokens and consents were revoked with the sessions */
        record Changed(boolean grantsRevoked) implements PasswordChange {}

        record NoSuchUser() implements PasswordChange {}

        /** @param problem what {@link UserAccountPolicy} has against the new password */
        record Refused(String problem) implements PasswordChange {}
    }

    /** The result of revoking a user's tokens. */
    public sealed interface Revocation {
        record Revoked() implements Revocation {}

        record NoSuchUser() implements Revocation {}
    }

    /** The result of a removal. */
    public sealed interface Removal {
        record Removed() implements Removal {}

        record NoSuchUser() implements Removal {}
    }
}
