package io.mcpdcr.application.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.MutableClock;
import io.mcpdcr.application.fakes.RecordingAuditLog;
import io.mcpdcr.application.port.UserAccounts;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManageUsersTest {
    private static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");

    private final Accounts accounts = new Accounts(Set.of("alice"));
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final ManageUsers users = new ManageUsers(accounts, audit, new MutableClock(NOW));

    @Test
    void aPasswordChangeRevokesTheUsersGrantsAndSaysSoInTheAuditTrail() {
        char[] password = "a new passphrase".toCharArray();

        assertThat(users.changePassword("alice", password, false)).isEqualTo(new ManageUsers.PasswordChange.Changed(true));

        assertThat(accounts.calls).containsExactly("passwd alice revoke=true");
        assertThat(audit.events()).containsExactly(event(AuditAction.USER_PASSWORD_CHANGED, AuditOutcome.GRANTS_REVOKED));
        assertThat(new String(password)).as("wiped").isEqualTo("\0".repeat(password.length));
    }

    @Test
    void anAdministratorMayKeepTheGrantsAndTheAuditTrailSaysThatToo() {
        assertThat(users.changePassword("alice", "a new passphrase".toCharArray(), true))
                .isEqualTo(new ManageUsers.PasswordChange.Changed(false));

        assertThat(accounts.calls).containsExactly("passwd alice revoke=false");
        assertThat(audit.events()).containsExactly(event(AuditAction.USER_PASSWORD_CHANGED, AuditOutcome.GRANTS_KEPT));
    }

    @Test
    void aPasswordThePolicyRefusesChangesNothing() {
        char[] password = "short".toCharArray();

        assertThat(users.changePassword("alice", password, false))
                .isInstanceOf(ManageUsers.PasswordChange.Refused.class);

        assertThat(accounts.calls).isEmpty();
        assertThat(audit.events()).isEmpty();
        assertThat(new String(password)).isEqualTo("\0".repeat(password.length));
    }

    @Test
    void anUnknownUserIsSaidSoAndNothingIsRecorded() {
        assertThat(users.changePassword("nobody", "a new passphrase".toCharArray(), false))
                .isEqualTo(new ManageUsers.PasswordChange.NoSuchUser());
        assertThat(users.remove("nobody")).isEqualTo(new ManageUsers.Removal.NoSuchUser());

        assertThat(audit.events()).isEmpty();
    }

    @Test
    void aRemovalIsRecorded() {
        assertThat(users.remove("alice")).isEqualTo(new ManageUsers.Removal.Removed());

        assertThat(accounts.calls).containsExactly("remove alice");
        assertThat(audit.events()).containsExactly(event(AuditAction.USER_REMOVED, AuditOutcome.GRANTS_REVOKED));
    }

    private static AuditEvent event(AuditAction action, AuditOutcome outcome) {
        return new AuditEvent(NOW, action, outcome, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("alice"));
    }

    /** Accounts that exist by name, recording what was asked of them. */
    private static final class Accounts implements UserAccounts {
        private final Set<String> names;
        private final List<String> calls = new ArrayList<>();

        Accounts(Set<String> names) {
            this.names = names;
        }

        @Override
        public boolean changePassword(String username, char[] password, boolean revokeGrants) {
            if (!names.contains(username)) {
                return false;
            }
            calls.add("passwd " + username + " revoke=" + revokeGrants);
            return true;
        }

        @Override
        public boolean remove(String username) {
            if (!names.contains(username)) {
                return false;
            }
            calls.add("remove " + username);
            return true;
        }
    }
}
