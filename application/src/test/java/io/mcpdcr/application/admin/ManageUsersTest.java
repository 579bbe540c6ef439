package io.mcpdcr.application.admin;

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

    @Test
    void addsAUserThePolicyAcceptsAndWipesThePassword() {
        char[] password = "a long passphrase".toCharArray();

        assertThat(users.add("bob", password, true)).isEqualTo(new ManageUsers.Addition.Added());

        assertThat(accounts.calls).containsExactly("add bob admin=true");
        assertThat(new String(password)).isEqualTo("\0".repeat(password.length));
    }

    @Test
    void aTakenNameIsAnOutcome() {
        assertThat(users.add("alice", "a long passphrase".toCharArray(), false))
                .isEqualTo(new ManageUsers.Addition.AlreadyExists());
    }

    @Test
    void aNameOrPasswordThePolicyRefusesNeverReachesTheStore() {
        assertThat(users.add("alice smith", "a long passphrase".toCharArray(), false))
                .isInstanceOfSatisfying(ManageUsers.Addition.Refused.class,
                        refused -> assertThat(refused.problem()).contains("username"));
        assertThat(users.add("carol", "short".toCharArray(), false))
                .isInstanceOfSatisfying(ManageUsers.Addition.Refused.class,
                        refused -> assertThat(refused.problem()).contains("8 to 1024 characters"));
        assertThat(users.add("carol", new char[1025], false)).isInstanceOf(ManageUsers.Addition.Refused.class);

        assertThat(accounts.calls).isEmpty();
    }

    @Test
    void revokingAUsersTokensIsRecordedAndAnUnknownUserIsAnOutcome() {
        assertThat(users.revokeTokens("alice")).isEqualTo(new ManageUsers.Revocation.Revoked());
        assertThat(users.revokeTokens("nobody")).isEqualTo(new ManageUsers.Revocation.NoSuchUser());

        assertThat(accounts.calls).containsExactly("revoke alice");
        assertThat(audit.events()).containsExactly(event(AuditAction.USER_TOKENS_REVOKED, AuditOutcome.GRANTS_REVOKED));
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
        public boolean add(String username, char[] password, boolean admin) {
            calls.add("add " + username + " admin=" + admin);
            return !names.contains(username);
        }

        @Override
        public List<Account> list() {
            return names.stream().sorted().map(name -> new Account(name, false)).toList();
        }

        @Override
        public boolean revokeGrants(String username) {
            if (!names.contains(username)) {
                return false;
            }
            calls.add("revoke " + username);
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
