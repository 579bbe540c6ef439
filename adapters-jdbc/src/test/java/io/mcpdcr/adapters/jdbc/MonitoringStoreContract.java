package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.port.MonitoringStore.PurgeCounts;
import io.mcpdcr.domain.authorization.AuthorizationCode;
import io.mcpdcr.domain.authorization.AuthorizationRequest;
import io.mcpdcr.domain.authorization.UserSession;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.application.port.FindingReview;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import io.mcpdcr.domain.monitoring.Finding;
import io.mcpdcr.domain.monitoring.Finding.Kind;
import io.mcpdcr.domain.monitoring.MetadataFingerprint;
import io.mcpdcr.domain.monitoring.RegistrationAttempt;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.RefreshToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiMonitoringStore} must do, whatever the database. */
abstract class MonitoringStoreContract extends DatabaseContract {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Instant FROM = NOW.minus(Duration.ofHours(1));
    private static final Duration MICRO = Duration.ofNanos(1_000);
    private static final List<String> SAME_URIS = List.of("https://app.example/cb", "http://127.0.0.1:33418/cb");

    private JdbiMonitoringStore store;
    private JdbiAuditLog audit;

    @BeforeEach
    void createStore() {
        store = new JdbiMonitoringStore(database.jdbi());
        audit = new JdbiAuditLog(database.jdbi());
    }

    @Test
    void readsCreatedAndRefusedRegistrationsSinceTheStartOldestFirst() {
        ClientRegistration first = Fixtures.client("Twin", SAME_URIS, FROM, "203.0.113.5");
        ClientRegistration twin = Fixtures.client("Twin", SAME_URIS, FROM.plusSeconds(60), "203.0.113.6");
        ClientRegistration other = Fixtures.client("Claude", List.of("https://evil.example/cb?x=1",
                "http://[::1]:8080/cb", "http://localhost/cb"), FROM.plusSeconds(180), "2001:db8::1");
        ClientRegistration tooEarly = Fixtures.client("Old", SAME_URIS, FROM.minus(MICRO), "203.0.113.5");
        for (ClientRegistration client : List.of(first, twin, other, tooEarly)) {
            Fixtures.addClient(database, client);
        }
        refused(FROM.plusSeconds(120), Optional.of("198.51.100.7"), "invalid_redirect_uri");
        refused(FROM.plusSeconds(240), Optional.empty(), "invalid_client_metadata");
        refused(FROM.minus(MICRO), Optional.of("198.51.100.7"), "invalid_redirect_uri");
        audit.record(new AuditEvent(FROM.plusSeconds(1), AuditAction.REGISTRATION, AuditOutcome.CREATED, Optional.empty(),
                Optional.of(first.id()), Optional.of("203.0.113.5"), Optional.empty(), Optional.empty()));
        audit.record(new AuditEvent(FROM.plusSeconds(2), AuditAction.LOGIN, AuditOutcome.REFUSED, Optional.of("access_denied"),
                Optional.empty(), Optional.of("198.51.100.7"), Optional.empty(), Optional.empty()));

        List<RegistrationAttempt> attempts = store.registrationsSince(FROM, 100);

        String fingerprint = MetadataFingerprint.of(first.metadata());
        assertThat(attempts).containsExactly(
                new RegistrationAttempt(FROM, "203.0.113.5", true, Optional.empty(), Optional.of("Twin"),
                        List.of("app.example", "127.0.0.1"), Optional.of(fingerprint)),
                new RegistrationAttempt(FROM.plusSeconds(60), "203.0.113.6", true, Optional.empty(),
                        Optional.of("Twin"), List.of("app.example", "127.0.0.1"), Optional.of(fingerprint)),
                new RegistrationAttempt(FROM.plusSeconds(120), "198.51.100.7", false,
                        Optional.of("invalid_redirect_uri"), Optional.empty(), List.of(), Optional.empty()),
                new RegistrationAttempt(FROM.plusSeconds(180), "2001:db8::1", true, Optional.empty(),
                        Optional.of("Claude"), List.of("evil.example", "[::1]", "localhost"),
                        Optional.of(MetadataFingerprint.of(other.metadata()))),
                new RegistrationAttempt(FROM.plusSeconds(240), JdbiMonitoringStore.UNKNOWN_ADDRESS, false,
                        Optional.of("invalid_client_metadata"), Optional.empty(), List.of(), Optional.empty()));
        assertThat(MetadataFingerprint.of(other.metadata())).isNotEqualTo(fingerprint);
    }

    @Test
    void readsOnlyTheLatestOfEachKindUpToTheLimit() {
        for (int minute = 0; minute < 3; minute++) {
            Fixtures.addClient(database,
                    Fixtures.client("Client " + minute, SAME_URIS, FROM.plusSeconds(60 * minute), "203.0.113.5"));
            refused(FROM.plusSeconds(60 * minute + 30), Optional.of("198.51.100.7"), "invalid_redirect_uri");
        }

        List<RegistrationAttempt> attempts = store.registrationsSince(FROM, 2);

        assertThat(attempts).extracting(RegistrationAttempt::at).containsExactly(FROM.plusSeconds(60),
                FROM.plusSeconds(90), FROM.plusSeconds(120), FROM.plusSeconds(150));
        assertThat(attempts).extracting(RegistrationAttempt::created).containsExactly(true, false, true, false);
    }

    @Test
    void readsDisabledClientsRegistrationsToo() {
        ClientRegistration client = Fixtures.client("Gone quiet", SAME_URIS, NOW, "203.0.113.5");
        Fixtures.addClient(database, client);
        new JdbiClientMaintenance(database.jdbi(), () -> NOW).disable(client.id());

        assertThat(store.registrationsSince(FROM, 100)).extracting(RegistrationAttempt::clientName)
                .containsExactly(Optional.of("Gone quiet"));
    }

    @Test
    void savesOnlyFindingsNotReportedSinceTheDedupeStart() {
        Finding reportedInWindow = finding(Kind.SOURCE_FLOOD, "203.0.113.5", FROM);
        Finding reportedBefore = finding(Kind.SOURCE_FLOOD, "203.0.113.6", FROM.minus(MICRO));
        store.saveNew(List.of(reportedInWindow, reportedBefore), FROM.minus(Duration.ofDays(1)));

        Finding again = finding(Kind.SOURCE_FLOOD, "203.0.113.5", NOW);
        Finding againAfterWindow = finding(Kind.SOURCE_FLOOD, "203.0.113.6", NOW);
        Finding sameSubjectOtherKind = finding(Kind.REFUSED_REDIRECTS, "203.0.113.5", NOW);
        Finding fresh = finding(Kind.IDENTICAL_BURST, "a1b2c3d4e5f6a7b8", NOW);
        Finding freshTwice = finding(Kind.IDENTICAL_BURST, "a1b2c3d4e5f6a7b8", NOW);

        List<Finding> saved = store.saveNew(List.of(again, againAfterWindow, sameSubjectOtherKind, fresh, freshTwice),
                FROM);

        assertThat(saved).containsExactly(againAfterWindow, sameSubjectOtherKind, fresh);
        assertThat(findings(NOW)).containsExactly(fresh, sameSubjectOtherKind, againAfterWindow);
        assertThat(store.saveNew(List.of(), FROM)).isEmpty();
    }

    @Test
    void answersFindingsSinceNewestFirst() {
        Finding oldest = finding(Kind.SOURCE_FLOOD, "a", FROM.minus(MICRO));
        Finding atStart = finding(Kind.SOURCE_FLOOD, "b", FROM);
        Finding newest = finding(Kind.IMPERSONATION, "Claude", NOW);
        store.saveNew(List.of(newest, oldest, atStart), FROM.minus(Duration.ofDays(1)));

        assertThat(findings(FROM)).containsExactly(newest, atStart);
    }

    @Test
    void cutsLongEvidenceToItsColumnAndAnswersWhatItStored() {
        String name = "\uD83E\uDD16".repeat(200); // a client name of 200 emoji
        Finding finding = new Finding(Kind.IMPERSONATION, name, "redirects to " + "h.example, ".repeat(600),
                NOW.plusNanos(123_456_789));

        List<Finding> saved = store.saveNew(List.of(finding), FROM);

        assertThat(saved).hasSize(1);
        assertThat(saved.get(0).evidence()).hasSize(JdbiMonitoringStore.MAX_EVIDENCE)
                .isEqualTo(finding.evidence().substring(0, JdbiMonitoringStore.MAX_EVIDENCE));
        assertThat(saved.get(0).subject()).isEqualTo(name);
        assertThat(saved.get(0).detectedAt()).isEqualTo(NOW.plusNanos(123_456_000));
        assertThat(findings(FROM)).isEqualTo(saved);
    }

    @Test
    void purgesExpiredAndOldRowsAndCountsThem() {
        ClientId client = Fixtures.addClient(database);
        Fixtures.addUser(database, "alice");
        Instant auditBefore = NOW.minus(Duration.ofDays(90));
        // Expired just before now: purged. Expiring at now or later: kept.
        for (Instant expiresAt : List.of(NOW.minus(MICRO), NOW, NOW.plusSeconds(60))) {
            code(client, expiresAt);
            session(expiresAt);
            tokens(client, expiresAt);
        }
        code(client, NOW.minus(Duration.ofDays(1)));
        new JdbiAuthorizationCodeStore(database.jdbi()).redeem(code(client, NOW.minus(Duration.ofDays(2))));
        for (Instant at : List.of(auditBefore.minus(MICRO), auditBefore, NOW)) {
            audit.record(new AuditEvent(at, AuditAction.LOGIN, AuditOutcome.FAILED, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.of("alice")));
            store.saveNew(List.of(finding(Kind.SOURCE_FLOOD, at.toString(), at)), at);
        }
        // The hour starting before the cutoff goes; the one starting at it stays.
        audit.countThrottled("register", "203.0.113.5", auditBefore.minusSeconds(1));
        audit.countThrottled("register", "203.0.113.5", auditBefore.minusSeconds(1));
        audit.countThrottled("register", "203.0.113.5", auditBefore);
        audit.countRefused(AuditAction.TOKEN, "invalid_grant", "203.0.113.5", auditBefore.minus(Duration.ofHours(2)));
        audit.countRefused(AuditAction.TOKEN, "invalid_grant", "203.0.113.5", NOW);

        PurgeCounts counts = store.purge(NOW, auditBefore);

        assertThat(counts).isEqualTo(new PurgeCounts(3, 1, 1, 1, 4));
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM refusal_count")).isOne();
        for (String table : List.of("authorization_code", "user_session", "access_token", "refresh_token")) {
            assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM " + table)).as(table).isEqualTo(2);
        }
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM audit_event")).isEqualTo(2);
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM finding")).isEqualTo(2);
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM throttle_count")).isOne();
        assertThat(store.purge(NOW, auditBefore)).isEqualTo(new PurgeCounts(0, 0, 0, 0, 0));
    }

    @Test
    void purgesMoreRowsThanOneBatchHolds() {
        int rows = JdbiMonitoringStore.PURGE_BATCH + 3;
        database.jdbi().useTransaction(handle -> {
            var batch = handle.prepareBatch(
                    "INSERT INTO audit_event (at, action, outcome) VALUES (?, 'LOGIN', 'failed')");
            IntStream.range(0, rows).forEach(i -> batch.add(Columns.timestamp(FROM.minusSeconds(i + 1))));
            batch.execute();
        });

        assertThat(store.purge(NOW, FROM).auditRows()).isEqualTo(rows);
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM audit_event")).isZero();
    }

    @Test
    void failsAsUnavailableWhenTheDatabaseIsGone() {
        database.close();

        String message = "monitoring store unavailable";
        assertUnavailable(message, () -> store.registrationsSince(FROM, 100));
        assertUnavailable(message, () -> store.saveNew(List.of(finding(Kind.SOURCE_FLOOD, "a", NOW)), FROM));
        assertUnavailable(message, () -> store.reviewSince(FROM));
        assertUnavailable(message, () -> store.resolve(1, NOW));
        assertUnavailable(message, () -> store.purge(NOW, FROM));
    }

    private void refused(Instant at, Optional<String> address, String errorCode) {
        audit.record(new AuditEvent(at, AuditAction.REGISTRATION, AuditOutcome.REFUSED, Optional.of(errorCode),
                Optional.empty(), address, Optional.of("attacker/1.0"), Optional.empty()));
    }

    private static Finding finding(Kind kind, String subject, Instant at) {
        return new Finding(kind, subject, "evidence for " + subject, at);
    }

    /** Saves a code expiring at {@code expiresAt} and answers its hash. */
    private String code(ClientId client, Instant expiresAt) {
        var request = new AuthorizationRequest(client, "http://127.0.0.1/cb", false, Fixtures.newHash(),
                Fixtures.SCOPES, Optional.empty(), Optional.empty());
        String hash = Fixtures.newHash();
        new JdbiAuthorizationCodeStore(database.jdbi())
                .save(new AuthorizationCode(hash, request, "alice", expiresAt.minusSeconds(60), expiresAt));
        return hash;
    }

    private void session(Instant expiresAt) {
        new JdbiSessionStore(database.jdbi())
                .create(new UserSession(Fixtures.newHash(), "alice", expiresAt.minusSeconds(60), expiresAt));
    }

    private void tokens(ClientId client, Instant expiresAt) {
        String family = Fixtures.newHash();
        new JdbiTokenStore(database.jdbi()).issue(
                new AccessToken(Fixtures.newHash(), family, Fixtures.grant(client, "alice"),
                        expiresAt.minusSeconds(60), expiresAt),
                Optional.of(new RefreshToken(Fixtures.newHash(), family, Fixtures.grant(client, "alice"),
                        expiresAt.minusSeconds(60), expiresAt)));
    }

    @Test
    void resolvesAFindingOnceAndKeepsTheFirstTime() {
        store.saveNew(List.of(finding(Kind.SOURCE_FLOOD, "192.0.2.0/24", NOW)), FROM);
        long id = store.reviewSince(FROM).get(0).id();

        assertThat(store.resolve(id, NOW.plusSeconds(60))).isTrue();
        assertThat(store.resolve(id, NOW.plusSeconds(120))).isTrue();
        assertThat(store.resolve(id + 1000, NOW)).isFalse();

        assertThat(store.reviewSince(FROM)).singleElement()
                .satisfies(reviewed -> assertThat(reviewed.resolvedAt()).contains(NOW.plusSeconds(60)));
    }

    private List<Finding> findings(Instant from) {
        return store.reviewSince(from).stream().map(FindingReview.ReviewedFinding::finding).toList();
    }
}
