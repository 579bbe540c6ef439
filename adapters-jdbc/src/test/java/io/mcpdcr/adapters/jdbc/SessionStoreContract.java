package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.authorization.UserSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiSessionStore} must do, whatever the database. */
abstract class SessionStoreContract extends DatabaseContract {
    private JdbiSessionStore sessions;

    @BeforeEach
    void createStore() {
        sessions = new JdbiSessionStore(database.jdbi());
        Fixtures.addUser(database, "alice");
    }

    @Test
    void findsACreatedSession() {
        var session = session("alice");

        sessions.create(session);

        assertThat(sessions.find(session.idHash())).contains(session);
    }

    @Test
    void findsAnExpiredSessionTooForTheCallerToJudge() {
        var expired = new UserSession(Fixtures.newHash(), "alice", Fixtures.NOW.minusSeconds(7200),
                Fixtures.NOW.minusSeconds(3600));

        sessions.create(expired);

        assertThat(sessions.find(expired.idHash())).contains(expired);
    }

    @Test
    void findsNothingForAnUnknownHash() {
        sessions.create(session("alice"));

        assertThat(sessions.find(Fixtures.newHash())).isEmpty();
    }

    @Test
    void deletesASessionAndNoOther() {
        var ended = session("alice");
        var kept = session("alice");
        sessions.create(ended);
        sessions.create(kept);

        sessions.delete(ended.idHash());
        sessions.delete(Fixtures.newHash()); // none: nothing happens

        assertThat(sessions.find(ended.idHash())).isEmpty();
        assertThat(sessions.find(kept.idHash())).contains(kept);
    }

    @Test
    void refusesASessionOfAnUnknownUser() {
        assertThatThrownBy(() -> sessions.create(session("nobody"))).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void sessionsGoWithTheirUser() {
        var session = session("alice");
        sessions.create(session);

        database.jdbi().useHandle(handle -> handle.execute("DELETE FROM user_account WHERE username = 'alice'"));

        assertThat(sessions.find(session.idHash())).isEmpty();
    }

    @Test
    void failsAsUnavailableWhenTheDatabaseIsGone() {
        database.close();

        assertUnavailable("session store unavailable", () -> sessions.create(session("alice")));
        assertUnavailable("session store unavailable", () -> sessions.find(Fixtures.newHash()));
    }

    private static UserSession session(String username) {
        return new UserSession(Fixtures.newHash(), username, Fixtures.NOW, Fixtures.NOW.plusSeconds(3600));
    }
}
