package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.authorization.PendingConsent;
import io.mcpdcr.domain.authorization.UserSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiConsentInteractionStore} must do, whatever the database. */
abstract class ConsentInteractionStoreContract extends DatabaseContract {
    private static final Duration LIFETIME = Duration.ofMinutes(30);

    private JdbiConsentInteractionStore interactions;
    private JdbiSessionStore sessions;
    private String session;
    private String request;

    @BeforeEach
    void createStore() {
        interactions = new JdbiConsentInteractionStore(database.jdbi());
        sessions = new JdbiSessionStore(database.jdbi());
        Fixtures.addUser(database, "alice");
        session = newSession();
        request = Fixtures.newHash();
    }

    @Test
    void closesAnOpenInteractionOnce() {
        PendingConsent pending = open(session);

        assertThat(interactions.close(pending.idHash(), session, request, Fixtures.NOW)).isTrue();
        assertThat(interactions.close(pending.idHash(), session, request, Fixtures.NOW)).isFalse();
    }

    @Test
    void closesOnlyForTheSameSessionAndRequest() {
        PendingConsent pending = open(session);

        assertThat(interactions.close(pending.idHash(), newSession(), request, Fixtures.NOW)).isFalse();
        assertThat(interactions.close(pending.idHash(), session, Fixtures.newHash(), Fixtures.NOW)).isFalse();
        assertThat(interactions.close(Fixtures.newHash(), session, request, Fixtures.NOW)).isFalse();
        assertThat(interactions.close(pending.idHash(), session, request, Fixtures.NOW)).isTrue();
    }

    @Test
    void anExpiredInteractionCannotBeClosed() {
        PendingConsent pending = open(session);

        assertThat(interactions.close(pending.idHash(), session, request, pending.expiresAt())).isFalse();
    }

    @Test
    void exactlyOneOfConcurrentAnswersWins() throws Exception {
        PendingConsent pending = open(session);

        List<Boolean> results = Race.run(8, () -> interactions.close(pending.idHash(), session, request, Fixtures.NOW));

        assertThat(results).containsOnlyOnce(true);
    }

    @Test
    void aSessionKeepsItsLatestInteractionsOnly() {
        List<PendingConsent> opened = new ArrayList<>();
        for (int i = 0; i < PendingConsent.MAX_PER_SESSION + 2; i++) {
            var pending = new PendingConsent(Fixtures.newHash(), session, request,
                    Fixtures.NOW.plus(LIFETIME).plusSeconds(i));
            interactions.open(pending);
            opened.add(pending);
        }
        String otherSession = newSession();
        PendingConsent other = open(otherSession);

        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM consent_interaction WHERE session_hash = ?", session))
                .isEqualTo(PendingConsent.MAX_PER_SESSION);
        assertThat(interactions.close(opened.get(0).idHash(), session, request, Fixtures.NOW)).isFalse();
        assertThat(interactions.close(opened.get(2).idHash(), session, request, Fixtures.NOW)).isTrue();
        assertThat(interactions.close(other.idHash(), otherSession, request, Fixtures.NOW)).isTrue();
    }

    @Test
    void interactionsGoWithTheirSession() {
        PendingConsent pending = open(session);

        sessions.delete(session);

        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM consent_interaction")).isZero();
        assertThat(interactions.close(pending.idHash(), session, request, Fixtures.NOW)).isFalse();
    }

    @Test
    void thePurgeDeletesExpiredInteractions() {
        open(session);
        PendingConsent expired = new PendingConsent(Fixtures.newHash(), session, request, Fixtures.NOW.minusSeconds(1));
        interactions.open(expired);

        new JdbiMonitoringStore(database.jdbi()).purge(Fixtures.NOW, Fixtures.NOW.minus(Duration.ofDays(90)));

        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM consent_interaction")).isOne();
    }

    @Test
    void failsAsUnavailableWhenTheDatabaseIsGone() {
        database.close();

        assertUnavailable("consent interaction store unavailable",
                () -> interactions.open(new PendingConsent(Fixtures.newHash(), session, request, Fixtures.NOW)));
        assertUnavailable("consent interaction store unavailable",
                () -> interactions.close(Fixtures.newHash(), session, request, Fixtures.NOW));
    }

    private PendingConsent open(String sessionHash) {
        var pending = new PendingConsent(Fixtures.newHash(), sessionHash, request, Fixtures.NOW.plus(LIFETIME));
        interactions.open(pending);
        return pending;
    }

    private String newSession() {
        String hash = Fixtures.newHash();
        sessions.create(new UserSession(hash, "alice", Fixtures.NOW, Fixtures.NOW.plus(Duration.ofHours(12))));
        return hash;
    }
}
