package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Argon2Function;
import io.mcpdcr.application.port.TokenStore;
import io.mcpdcr.domain.authorization.AuthorizationCode;
import io.mcpdcr.domain.authorization.AuthorizationRequest;
import io.mcpdcr.domain.authorization.UserSession;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.RefreshToken;
import io.mcpdcr.application.port.UserAccounts;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiUserStore} must do, whatever the database. Argon2 costs ~0.2 s a hash: tests hash sparingly. */
abstract class UserStoreContract extends DatabaseContract {
    private static final String PASSWORD = "correct horse battery";

    private JdbiUserStore users;

    @BeforeEach
    void createStore() {
        users = new JdbiUserStore(database.jdbi());
    }

    @Test
    void authenticatesAnAddedUserWithTheRightPassword() {
        assertThat(users.add("alice", PASSWORD.toCharArray(), false)).isTrue();

        assertThat(users.authenticate("alice", PASSWORD.toCharArray())).contains("alice");
    }

    @Test
    void refusesAWrongPassword() {
        users.add("alice", PASSWORD.toCharArray(), false);

        assertThat(users.authenticate("alice", "correct horse battery!".toCharArray())).isEmpty();
    }

    @Test
    void treatsUsernamesAsCaseSensitive() {
        users.add("Alice", PASSWORD.toCharArray(), false);

        assertThat(users.authenticate("alice", PASSWORD.toCharArray())).isEmpty();
        assertThat(users.authenticate("Alice", PASSWORD.toCharArray())).contains("Alice");
    }

    @Test
    void refusesAnUnknownUserOnlyAfterAnArgon2CheckAsCostlyAsAWrongPassword() {
        users.add("alice", PASSWORD.toCharArray(), false);

        long wrongPassword = nanosToAuthenticate("alice");
        long unknownUser = nanosToAuthenticate("mallory");

        // The dummy hash has the real parameters, so the check costs the same; the timing bound is loose on purpose.
        assertThat(Argon2Function.getInstanceFromHash(JdbiUserStore.UNKNOWN_USER_HASH)).isEqualTo(JdbiUserStore.ARGON2);
        assertThat(unknownUser).isGreaterThan(wrongPassword / 4);
    }

    @Test
    void storesAnArgon2idPhcStringAndNeverThePassword() {
        users.add("alice", PASSWORD.toCharArray(), false);

        String stored = database.jdbi().withHandle(handle -> handle
                .select("SELECT password_hash FROM user_account WHERE username = 'alice'")
                .mapTo(String.class)
                .one());
        assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
        assertThat(stored.split("\\$")).hasSize(6);
    }

    @Test
    void refusesToAddATakenNameAndKeepsTheFirstPassword() {
        users.add("alice", PASSWORD.toCharArray(), false);

        assertThat(users.add("alice", "another password".toCharArray(), false)).isFalse();
        assertThat(users.authenticate("alice", PASSWORD.toCharArray())).contains("alice");
    }

    @Test
    void listsUsernamesSortedTheSameOnEveryDatabase() {
        for (String name : new String[] {"carol", "Bob", "alice", "bob.smith"}) {
            Fixtures.addUser(database, name);
        }

        assertThat(users.list()).extracting(UserAccounts.Account::username)
                .containsExactly("Bob", "alice", "bob.smith", "carol");
    }

    @Test
    void changesThePasswordAndEndsTheUsersSessions() {
        users.add("alice", PASSWORD.toCharArray(), false);
        var session = new UserSession(Fixtures.newHash(), "alice", Fixtures.NOW, Fixtures.NOW.plusSeconds(3600));
        new JdbiSessionStore(database.jdbi()).create(session);

        assertThat(users.changePassword("alice", "a new passphrase".toCharArray(), false)).isTrue();

        assertThat(users.authenticate("alice", "a new passphrase".toCharArray())).contains("alice");
        assertThat(users.authenticate("alice", PASSWORD.toCharArray())).isEmpty();
        assertThat(new JdbiSessionStore(database.jdbi()).find(session.idHash())).isEmpty();
    }

    @Test
    void changesNoPasswordOfAnUnknownUser() {
        assertThat(users.changePassword("nobody", PASSWORD.toCharArray(), true)).isFalse();
    }

    @Test
    void removesAUserSoTheyNoLongerAuthenticate() {
        users.add("alice", PASSWORD.toCharArray(), false);

        assertThat(users.remove("alice")).isTrue();

        assertThat(users.authenticate("alice", PASSWORD.toCharArray())).isEmpty();
        assertThat(users.list()).isEmpty();
        assertThat(users.remove("alice")).isFalse();
    }

    @Test
    void removingAUserDeletesTheirSessionsCodesTokensAndConsentsButNoOneElses() {
        ClientId client = Fixtures.addClient(database);
        for (String name : new String[] {"alice", "bob"}) {
            Fixtures.addUser(database, name);
            giveEverything(client, name);
        }

        users.remove("alice");

        for (String table : new String[] {"user_session", "authorization_code", "access_token", "refresh_token",
                "consent"}) {
            assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM " + table + " WHERE username = ?", "alice"))
                    .as(table).isZero();
            assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM " + table + " WHERE username = ?", "bob"))
                    .as(table).isOne();
        }
    }

    @Test
    void changingThePasswordRevokesTheUsersCodesTokensAndConsentsButNoOneElses() {
        ClientId client = Fixtures.addClient(database);
        Fixtures.addUser(database, "bob");
        users.add("alice", PASSWORD.toCharArray(), false);
        String stolenRefresh = giveEverything(client, "alice");
        String bobsRefresh = giveEverything(client, "bob");

        assertThat(users.changePassword("alice", "a new passphrase".toCharArray(), true)).isTrue();

        var tokens = new JdbiTokenStore(database.jdbi());
        assertThat(tokens.useRefresh(stolenRefresh)).as("a refresh token issued before the change")
                .isInstanceOf(TokenStore.Unknown.class);
        assertThat(tokens.useRefresh(bobsRefresh)).isInstanceOf(TokenStore.Fresh.class);
        for (String table : new String[] {"user_session", "authorization_code", "access_token", "refresh_token",
                "consent"}) {
            assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM " + table + " WHERE username = ?", "alice"))
                    .as(table).isZero();
            assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM " + table + " WHERE username = ?", "bob"))
                    .as(table).isOne();
        }
        assertThat(users.authenticate("alice", "a new passphrase".toCharArray())).contains("alice");
    }

    @Test
    void changingThePasswordCanKeepTheUsersGrantsButNeverTheirSessions() {
        ClientId client = Fixtures.addClient(database);
        users.add("alice", PASSWORD.toCharArray(), false);
        String refresh = giveEverything(client, "alice");

        assertThat(users.changePassword("alice", "a new passphrase".toCharArray(), false)).isTrue();

        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM user_session WHERE username = ?", "alice")).isZero();
        for (String table : new String[] {"authorization_code", "access_token", "refresh_token", "consent"}) {
            assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM " + table + " WHERE username = ?", "alice"))
                    .as(table).isOne();
        }
        assertThat(new JdbiTokenStore(database.jdbi()).useRefresh(refresh)).isInstanceOf(TokenStore.Fresh.class);
    }

    @Test
    void addsAdministratorsAndOrdinaryUsersAndTellsThemApart() {
        assertThat(users.add("root", PASSWORD.toCharArray(), true)).isTrue();
        assertThat(users.add("alice", PASSWORD.toCharArray(), false)).isTrue();

        assertThat(users.isAdmin("root")).isTrue();
        assertThat(users.isAdmin("alice")).isFalse();
        assertThat(users.isAdmin("Root")).as("case-sensitive").isFalse();
        assertThat(users.isAdmin("nobody")).isFalse();
        assertThat(users.authenticate("root", PASSWORD.toCharArray())).contains("root");
    }

    @Test
    void keepsATakenNameAsItWasWhenAddedAgainAsAdministrator() {
        Fixtures.addUser(database, "alice");

        assertThat(users.add("alice", PASSWORD.toCharArray(), true)).isFalse();
        assertThat(users.isAdmin("alice")).isFalse();
    }

    @Test
    void listsUsersByNameWithTheirRole() {
        users.add("root", PASSWORD.toCharArray(), true);
        Fixtures.addUser(database, "alice");

        assertThat(users.list()).containsExactly(new UserAccounts.Account("alice", false),
                new UserAccounts.Account("root", true));
    }

    @Test
    void revokesAUsersGrantsKeepingTheAccountAndItsSessions() {
        Fixtures.addUser(database, "alice");
        database.jdbi().useHandle(handle -> handle.execute("INSERT INTO user_session (id_hash, username, created_at,"
                + " expires_at) VALUES ('s', 'alice', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"));

        assertThat(users.revokeGrants("alice")).isTrue();
        assertThat(users.revokeGrants("nobody")).isFalse();

        assertThat(users.list()).extracting(UserAccounts.Account::username).containsExactly("alice");
        int sessions = database.jdbi().withHandle(handle -> handle.select("SELECT COUNT(*) FROM user_session")
                .mapTo(Integer.class).one());
        assertThat(sessions).isEqualTo(1);
    }

    @Test
    void makesAnExistingUserAnAdministratorAndTakesItAway() {
        Fixtures.addUser(database, "alice");

        assertThat(users.setAdmin("alice", true)).isTrue();
        assertThat(users.isAdmin("alice")).isTrue();
        assertThat(users.setAdmin("alice", false)).isTrue();
        assertThat(users.isAdmin("alice")).isFalse();
        assertThat(users.setAdmin("nobody", true)).isFalse();
        assertThat(users.isAdmin("nobody")).isFalse();
    }

    @Test
    void failsAsUnavailableWhenTheDatabaseIsGone() {
        database.close();

        String message = "user store unavailable";
        assertUnavailable(message, () -> users.authenticate("alice", PASSWORD.toCharArray()));
        assertUnavailable(message, () -> users.add("alice", PASSWORD.toCharArray(), false));
        assertUnavailable(message, users::list);
        assertUnavailable(message, () -> users.revokeGrants("alice"));
        assertUnavailable(message, () -> users.remove("alice"));
        assertUnavailable(message, () -> users.changePassword("alice", PASSWORD.toCharArray(), true));
        assertUnavailable(message, () -> users.add("alice", PASSWORD.toCharArray(), true));
        assertUnavailable(message, () -> users.isAdmin("alice"));
        assertUnavailable(message, () -> users.setAdmin("alice", true));
    }

    private long nanosToAuthenticate(String username) {
        long start = System.nanoTime();
        assertThat(users.authenticate(username, "not the password".toCharArray())).isEmpty();
        return System.nanoTime() - start;
    }

    /** A session, a code, an access and a refresh token and a consent of the user: the refresh token's hash. */
    private String giveEverything(ClientId client, String username) {
        new JdbiSessionStore(database.jdbi())
                .create(new UserSession(Fixtures.newHash(), username, Fixtures.NOW, Fixtures.NOW.plusSeconds(60)));
        var request = new AuthorizationRequest(client, "http://127.0.0.1/cb", false, Fixtures.newHash(),
                Fixtures.SCOPES, Optional.empty(), Optional.empty());
        new JdbiAuthorizationCodeStore(database.jdbi()).save(
                new AuthorizationCode(Fixtures.newHash(), request, username, Fixtures.NOW, Fixtures.NOW.plusSeconds(60)));
        String family = Fixtures.newHash();
        String refresh = Fixtures.newHash();
        new JdbiTokenStore(database.jdbi()).issue(
                new AccessToken(Fixtures.newHash(), family, Fixtures.grant(client, username), Fixtures.NOW,
                        Fixtures.NOW.plusSeconds(60)),
                Optional.of(new RefreshToken(refresh, family, Fixtures.grant(client, username),
                        Fixtures.NOW, Fixtures.NOW.plusSeconds(60))));
        new JdbiConsentStore(database.jdbi()).remember(username, client, Optional.empty(), Fixtures.SCOPES,
                "https://app.example/cb");
        return refresh;
    }
}
