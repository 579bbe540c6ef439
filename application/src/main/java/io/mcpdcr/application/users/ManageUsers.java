package io.mcpdcr.application.users;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.UserAccounts;
import io.mcpdcr.domain.authorization.UserAccountPolicy;
import io.mcpdcr.domain.monitoring.AuditEvent;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Optional;

/**
 * What an administrator does to a user account, with its consequences for what the user was granted. A password is
 * usually changed because the old one leaked; whoever used it may hold the user's refresh tokens, which rotate for
 * months, and remembered consents that hand out codes without asking. So a change revokes all of them unless the
 * administrator asks to keep them, and the audit trail says which.
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

    /** Removes the user and everything they were granted. */
    public Removal remove(String username) {
        if (!accounts.remove(username)) {
            return new Removal.NoSuchUser();
        }
        audit.record(AuditEvent.userRemoved(clock.instant(), username));
        return new Removal.Removed();
    }

    /** The result of a password change. */
    public sealed interface PasswordChange {
        /** @param grantsRevoked whether the user's codes, tokens and consents were revoked with the sessions */
        record Changed(boolean grantsRevoked) implements PasswordChange {}

        record NoSuchUser() implements PasswordChange {}

        /** @param problem what {@link UserAccountPolicy} has against the new password */
        record Refused(String problem) implements PasswordChange {}
    }

    /** The result of a removal. */
    public sealed interface Removal {
        record Removed() implements Removal {}

        record NoSuchUser() implements Removal {}
    }
}
