package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.authorization.AuthorizationCode;
import io.mcpdcr.domain.authorization.AuthorizationRequest;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.RefreshToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiClientMaintenance} must do, whatever the database. */
abstract class ClientMaintenanceContract extends DatabaseContract {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Instant CUTOFF = NOW.minus(Duration.ofDays(30));
    private static final Duration MICRO = Duration.ofNanos(1_000);
    private static final Instant DISABLED_AT = NOW.plusNanos(123_456_000);

    private JdbiClientMaintenance maintenance;

    @BeforeEach
    void createStore() {
        maintenance = new JdbiClientMaintenance(database.jdbi(), () -> DISABLED_AT);
    }

    @Test
    void findsClientsNeverUsedThatRegisteredBeforeTheCutoffOldestFirst() {
        ClientId justBefore = Fixtures.addClient(database, CUTOFF.minus(MICRO));
        ClientId atCutoff = Fixtures.addClient(database, CUTOFF);
        ClientId longBefore = Fixtures.addClient(database, CUTOFF.minus(Duration.ofDays(300)));
        ClientId usedOnce = Fixtures.addClient(database, CUTOFF.minus(Duration.ofDays(300)));
        Fixtures.setLastUsed(database, usedOnce, CUTOFF.minus(Duration.ofDays(299)));
        ClientId recent = Fixtures.addClient(database, NOW);

        assertThat(maintenance.neverUsed(CUTOFF)).containsExactly(longBefore, justBefore)
                .doesNotContain(atCutoff, usedOnce, recent);
    }

    @Test
    void findsClientsUnusedSinceTheCutoffWithoutALiveRefreshTokenLeastRecentlyUsedFirst() {
        ClientId usedJustBefore = usedClient(CUTOFF.minus(MICRO));
        ClientId usedAtCutoff = usedClient(CUTOFF);
        ClientId usedLongAgo = usedClient(CUTOFF.minus(Duration.ofDays(100)));
        ClientId neverUsed = Fixtures.addClient(database, CUTOFF.minus(Duration.ofDays(100)));
        ClientId withLiveRefresh = usedClient(CUTOFF.minus(Duration.ofDays(50)));
        issue(withLiveRefresh, NOW.plus(MICRO), false);
        ClientId withExpiredRefresh = usedClient(CUTOFF.minus(Duration.ofDays(40)));
        issue(withExpiredRefresh, NOW.minus(Duration.ofDays(1)), false);
        ClientId expiringNow = usedClient(CUTOFF.minus(Duration.ofDays(30)));
        issue(expiringNow, NOW, false);
        ClientId withRotatedRefresh = usedClient(CUTOFF.minus(Duration.ofDays(20)));
        issue(withRotatedRefresh, NOW.plus(Duration.ofDays(10)), true);

        assertThat(maintenance.unusedSince(CUTOFF, NOW))
                .containsExactly(usedLongAgo, withExpiredRefresh, expiringNow, withRotatedRefresh, usedJustBefore)
                .doesNotContain(usedAtCutoff, neverUsed, withLiveRefresh);
    }

    @Test
    void findsNothingInAnEmptyRegistry() {
        assertThat(maintenance.neverUsed(NOW)).isEmpty();
        assertThat(maintenance.unusedSince(NOW, NOW)).isEmpty();
        assertThat(maintenance.delete(List.of())).isZero();
    }

    @Test
    void deletesClientsWithTheirCodesTokensAndConsentsButKeepsTheAuditTrail() {
        ClientId doomed = Fixtures.addClient(database);
        ClientId kept = Fixtures.addClient(database);
        for (ClientId client : List.of(doomed, kept)) {
            Fixtures.addUser(database, "user-" + client.value().substring(0, 8));
            giveEverything(client, "user-" + client.value().substring(0, 8));
        }
        new JdbiAuditLog(database.jdbi()).record(new AuditEvent(NOW, AuditAction.REGISTRATION, AuditOutcome.CREATED,
                Optional.empty(), Optional.of(doomed), Optional.empty(), Optional.empty(), Optional.empty()));

        assertThat(maintenance.delete(List.of(doomed, ClientId.random(Fixtures.RANDOM), doomed))).isOne();

        for (String table : List.of("oauth_client", "authorization_code", "access_token", "refresh_token",
                "consent")) {
            assertThat(countOf(table, doomed)).as(table).isZero();
            assertThat(countOf(table, kept)).as(table).isOne();
        }
        assertThat(countOf("audit_event", doomed)).isOne();
        assertThat(maintenance.delete(List.of(doomed))).as("already gone").isZero();
    }

    @Test
    void deletesMoreClientsThanOneBatchHolds() {
        List<ClientId> clients = new ArrayList<>();
        database.jdbi().useTransaction(handle -> {
            var batch = handle.prepareBatch("""
                    INSERT INTO oauth_client (client_id, client_name, redirect_uris, grant_types, response_types,
                        token_endpoint_auth_method, issued_at, registered_ip)
                    VALUES (?, 'Bulk', 'http://127.0.0.1/cb', 'authorization_code', 'code', 'none', ?, '192.0.2.1')""");
            IntStream.range(0, JdbiClientMaintenance.DELETE_BATCH * 2 + 1).forEach(i -> {
                ClientId id = ClientId.random(Fixtures.RANDOM);
                clients.add(id);
                batch.add(id.value(), Columns.timestamp(NOW));
            });
            batch.execute();
        });
        ClientId kept = Fixtures.addClient(database);

        assertThat(maintenance.delete(clients)).isEqualTo(clients.size());

        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM oauth_client")).isOne();
        assertThat(countOf("oauth_client", kept)).isOne();
    }

    @Test
    void disablingAClientRevokesItsCodesAndTokensAndHidesIt() {
        ClientId disabled = Fixtures.addClient(database);
        ClientId other = Fixtures.addClient(database);
        for (ClientId client : List.of(disabled, other)) {
            Fixtures.addUser(database, "user-" + client.value().substring(0, 8));
            giveEverything(client, "user-" + client.value().substring(0, 8));
        }

        assertThat(maintenance.disable(disabled)).isTrue();

        for (String table : List.of("authorization_code", "access_token", "refresh_token")) {
            assertThat(countOf(table, disabled)).as(table).isZero();
            assertThat(countOf(table, other)).as(table).isOne();
        }
        assertThat(countOf("consent", disabled)).as("consents stay until the client is deleted").isOne();
        assertThat(new JdbiClientRegistry(database.jdbi()).find(disabled)).isEmpty();
        assertThat(new JdbiClientRegistry(database.jdbi()).find(other)).isPresent();
        assertThat(disabledAt(disabled)).contains(DISABLED_AT);
        assertThat(disabledAt(other)).isEmpty();
    }

    @Test
    void disablingTwiceKeepsTheFirstTime() {
        ClientId client = Fixtures.addClient(database);
        maintenance.disable(client);

        assertThat(new JdbiClientMaintenance(database.jdbi(), () -> DISABLED_AT.plusSeconds(60)).disable(client))
                .isTrue();

        assertThat(disabledAt(client)).contains(DISABLED_AT);
    }

    @Test
    void disablesNoUnknownClient() {
        assertThat(maintenance.disable(ClientId.random(Fixtures.RANDOM))).isFalse();
    }

    @Test
    void enablingLetsADisabledClientBackInWithoutItsRevokedTokens() {
        ClientId client = Fixtures.addClient(database);
        Fixtures.addUser(database, "alice");
        giveEverything(client, "alice");
        maintenance.disable(client);

        assertThat(maintenance.enable(client)).isTrue();
        assertThat(maintenance.enable(client)).as("enabling twice").isTrue();
        assertThat(maintenance.enable(ClientId.random(Fixtures.RANDOM))).isFalse();

        assertThat(new JdbiClientRegistry(database.jdbi()).find(client)).isPresent();
        assertThat(disabledAt(client)).isEmpty();
        assertThat(countOf("access_token", client)).isZero();
    }

    @Test
    void revokingAClientsTokensKeepsTheClientAndItsConsents() {
        ClientId revoked = Fixtures.addClient(database);
        ClientId other = Fixtures.addClient(database);
        for (ClientId client : List.of(revoked, other)) {
            Fixtures.addUser(database, "user-" + client.value().substring(0, 8));
            giveEverything(client, "user-" + client.value().substring(0, 8));
        }

        assertThat(maintenance.revokeTokens(revoked)).isTrue();
        assertThat(maintenance.revokeTokens(ClientId.random(Fixtures.RANDOM))).isFalse();

        for (String table : List.of("authorization_code", "access_token", "refresh_token")) {
            assertThat(countOf(table, revoked)).as(table).isZero();
            assertThat(countOf(table, other)).as(table).isOne();
        }
        assertThat(countOf("consent", revoked)).isOne();
        assertThat(new JdbiClientRegistry(database.jdbi()).find(revoked)).isPresent();
    }

    @Test
    void failsAsUnavailableWhenTheDatabaseIsGone() {
        ClientId client = Fixtures.addClient(database);
        database.close();

        String message = "client maintenance unavailable";
        assertUnavailable(message, () -> maintenance.neverUsed(NOW));
        assertUnavailable(message, () -> maintenance.unusedSince(NOW, NOW));
        assertUnavailable(message, () -> maintenance.delete(List.of(client)));
        assertUnavailable(message, () -> maintenance.disable(client));
        assertUnavailable(message, () -> maintenance.enable(client));
        assertUnavailable(message, () -> maintenance.revokeTokens(client));
    }

    private ClientId usedClient(Instant lastUsed) {
        ClientId client = Fixtures.addClient(database, lastUsed.minus(Duration.ofDays(365)));
        Fixtures.setLastUsed(database, client, lastUsed);
        return client;
    }

    /** An access and a refresh token expiring at {@code expiresAt}; the refresh token rotated when asked. */
    private void issue(ClientId client, Instant expiresAt, boolean rotated) {
        String family = Fixtures.newHash();
        var refresh = new RefreshToken(Fixtures.newHash(), family, Fixtures.grant(client, "alice"),
                expiresAt.minus(Duration.ofDays(30)), expiresAt);
        var tokens = new JdbiTokenStore(database.jdbi());
        tokens.issue(new AccessToken(Fixtures.newHash(), family, Fixtures.grant(client, "alice"),
                expiresAt.minus(Duration.ofDays(30)), expiresAt), Optional.of(refresh));
        if (rotated) {
            tokens.useRefresh(refresh.hash());
        }
    }

    /** A code, an access and a refresh token and a consent of the user for the client. */
    private void giveEverything(ClientId client, String username) {
        var request = new AuthorizationRequest(client, "http://127.0.0.1/cb", false, Fixtures.newHash(),
                Fixtures.SCOPES, Optional.empty(), Optional.empty());
        new JdbiAuthorizationCodeStore(database.jdbi()).save(
                new AuthorizationCode(Fixtures.newHash(), request, username, NOW, NOW.plusSeconds(60)));
        String family = Fixtures.newHash();
        new JdbiTokenStore(database.jdbi()).issue(
                new AccessToken(Fixtures.newHash(), family, Fixtures.grant(client, username), NOW,
                        NOW.plusSeconds(60)),
                Optional.of(new RefreshToken(Fixtures.newHash(), family, Fixtures.grant(client, username), NOW,
                        NOW.plusSeconds(60))));
        new JdbiConsentStore(database.jdbi()).remember(username, client, Optional.empty(), Fixtures.SCOPES,
                "https://app.example/cb");
    }

    private int countOf(String table, ClientId client) {
        return Fixtures.count(database, "SELECT COUNT(*) FROM " + table + " WHERE client_id = ?", client.value());
    }

    private Optional<Instant> disabledAt(ClientId client) {
        return new JdbiClientQueries(database.jdbi()).show(client, NOW).orElseThrow().disabledAt();
    }
}
