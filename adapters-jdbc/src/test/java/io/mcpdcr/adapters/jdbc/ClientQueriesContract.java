package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.port.ClientDirectory.ClientDetails;
import io.mcpdcr.application.port.ClientDirectory.ClientSummary;
import io.mcpdcr.application.port.RegistrationStatistics;
import io.mcpdcr.application.port.RegistrationStatistics.HourlyCount;
import io.mcpdcr.application.registration.RegisterClient;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.RefreshToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiClientQueries} must do, whatever the database. */
abstract class ClientQueriesContract extends DatabaseContract {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration MICRO = Duration.ofNanos(1_000);
    private static final Optional<Instant> ANY_TIME = Optional.empty();
    private static final Optional<String> ANY = Optional.empty();

    private JdbiClientQueries queries;
    private ClientRegistration oldest;
    private ClientRegistration inspector;
    private ClientRegistration wildcard;
    private ClientRegistration newest;

    @BeforeEach
    void createStoreAndClients() {
        queries = new JdbiClientQueries(database.jdbi());
        oldest = Fixtures.client("Claude Desktop", List.of("http://127.0.0.1/cb"), NOW.minus(Duration.ofDays(3)),
                "203.0.113.5");
        inspector = Fixtures.client("MCP Inspector", List.of("http://localhost:6274/oauth/callback",
                "https://inspector.example/cb"), NOW.minus(Duration.ofDays(2)), "198.51.100.7");
        wildcard = Fixtures.client("100%_real claude", List.of("https://evil.example/cb"),
                NOW.minus(Duration.ofDays(1)), "203.0.113.5");
        newest = Fixtures.client("Cursor", List.of("cursor://anysphere.cursor-retrieval/oauth/callback"), NOW,
                "203.0.113.6");
        for (ClientRegistration client : List.of(inspector, newest, oldest, wildcard)) {
            Fixtures.addClient(database, client);
        }
    }

    @Test
    void listsEveryClientNewestFirst() {
        Fixtures.setLastUsed(database, inspector.id(), NOW.minusSeconds(60));
        new JdbiClientMaintenance(database.jdbi(), () -> NOW).disable(wildcard.id());

        List<ClientSummary> all = queries.list(ANY_TIME, ANY, ANY, false);

        assertThat(all).containsExactly(
                summary(newest, Optional.empty(), false),
                summary(wildcard, Optional.empty(), true),
                summary(inspector, Optional.of(NOW.minusSeconds(60)), false),
                summary(oldest, Optional.empty(), false));
    }

    @Test
    void countsLiveClientsLeavingOutDisabledOnes() {
        assertThat(queries.countLive()).isEqualTo(4);
        new JdbiClientMaintenance(database.jdbi(), () -> NOW).disable(newest.id());
        assertThat(queries.countLive()).isEqualTo(3);
    }

    @Test
    void filtersByRegistrationTimeAddressAndUse() {
        Fixtures.setLastUsed(database, wildcard.id(), NOW);

        assertThat(ids(queries.list(Optional.of(inspector.issuedAt()), ANY, ANY, false)))
                .containsExactly(newest.id(), wildcard.id(), inspector.id());
        assertThat(ids(queries.list(Optional.of(inspector.issuedAt().plus(MICRO)), ANY, ANY, false)))
                .containsExactly(newest.id(), wildcard.id());
        assertThat(ids(queries.list(ANY_TIME, Optional.of("203.0.113.5"), ANY, false)))
                .containsExactly(wildcard.id(), oldest.id());
        assertThat(ids(queries.list(ANY_TIME, ANY, ANY, true)))
                .containsExactly(newest.id(), inspector.id(), oldest.id());
        assertThat(ids(queries.list(Optional.of(inspector.issuedAt()), Optional.of("203.0.113.5"), ANY, true)))
                .isEmpty();
        assertThat(ids(queries.list(ANY_TIME, Optional.of("203.0.113"), ANY, false))).as("exact address").isEmpty();
    }

    @Test
    void filtersByAPartOfTheNameIgnoringCaseAndTakingWildcardsLiterally() {
        assertThat(ids(queries.list(ANY_TIME, ANY, Optional.of("CLAUDE"), false)))
                .containsExactly(wildcard.id(), oldest.id());
        assertThat(ids(queries.list(ANY_TIME, ANY, Optional.of("%_"), false))).containsExactly(wildcard.id());
        assertThat(ids(queries.list(ANY_TIME, ANY, Optional.of("_"), false))).containsExactly(wildcard.id());
        assertThat(ids(queries.list(ANY_TIME, ANY, Optional.of("r\\"), false))).isEmpty();
        assertThat(ids(queries.list(ANY_TIME, ANY, Optional.of("l!"), false))).as("the escape is text too").isEmpty();
        assertThat(ids(queries.list(ANY_TIME, ANY, Optional.of("inspector"), false))).containsExactly(inspector.id());
    }

    @Test
    void listsTheLatestRegistrationsUpToALimit() {
        assertThat(queries.latestRegistrations(2)).extracting(RegistrationStatistics.RecentRegistration::id)
                .containsExactly(newest.id(), wildcard.id());
    }

    @Test
    void searchesByClientIdAddressNameOrRedirectUriNewestFirst() {
        assertThat(searched(inspector.id().value())).containsExactly(inspector.id());
        assertThat(searched("203.0.113.5")).containsExactly(wildcard.id(), oldest.id());
        assertThat(searched("203.0.113")).as("an address is matched whole").isEmpty();
        assertThat(searched("CLAUDE")).containsExactly(wildcard.id(), oldest.id());
        assertThat(searched("inspector.example")).containsExactly(inspector.id());
        assertThat(searched("%_")).as("wildcards are text").containsExactly(wildcard.id());
        assertThat(ids(queries.search(ANY, 0, 10))).containsExactly(newest.id(), wildcard.id(), inspector.id(),
                oldest.id());
    }

    @Test
    void pagesByOffsetNewestFirst() {
        assertThat(ids(queries.search(ANY, 0, 2))).containsExactly(newest.id(), wildcard.id());
        assertThat(ids(queries.search(ANY, 2, 2))).containsExactly(inspector.id(), oldest.id());
        assertThat(queries.search(ANY, 4, 2)).isEmpty();
        assertThat(ids(queries.search(Optional.of("203.0.113.5"), 1, 2))).containsExactly(oldest.id());
    }

    @Test
    void countsRefusedAndThrottledRegistrationAttemptsPerHourBesideCreatedOnes() {
        database.jdbi().useHandle(handle -> handle.execute("DELETE FROM oauth_client"));
        Instant ten = Instant.parse("2026-06-01T10:00:00Z");
        Fixtures.addClient(database, ten.plusSeconds(60));
        var audit = new JdbiAuditLog(database.jdbi());
        for (Instant at : List.of(ten.plusSeconds(120), ten.plusSeconds(3600 + 5))) {
            audit.record(new AuditEvent(at, AuditEvent.AuditAction.REGISTRATION, AuditOutcome.REFUSED,
                    Optional.of("invalid_redirect_uri"), Optional.empty(), Optional.of("192.0.2.1"), Optional.empty(),
                    Optional.empty()));
        }
        audit.record(new AuditEvent(ten, AuditEvent.AuditAction.LOGIN, AuditOutcome.REFUSED, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        audit.countThrottled(RegisterClient.PER_IP_LIMIT, "192.0.2.1", ten.plusSeconds(7200));
        audit.countThrottled(RegisterClient.GLOBAL_LIMIT, "192.0.2.2", ten.plusSeconds(7200));
        audit.countThrottled("login", "192.0.2.1", ten.plusSeconds(7200));

        assertThat(queries.registrationsPerHour(ten)).containsExactly(
                new HourlyCount(ten, 1, 1, 0),
                new HourlyCount(ten.plusSeconds(3600), 0, 1, 0),
                new HourlyCount(ten.plusSeconds(7200), 0, 0, 2));
    }

    @Test
    void showsAClientWithItsUseAndItsLiveTokens() {
        Fixtures.setLastUsed(database, inspector.id(), NOW.minusSeconds(60));
        var tokens = new JdbiTokenStore(database.jdbi());
        issue(tokens, inspector.id(), NOW.plusSeconds(60));
        issue(tokens, inspector.id(), NOW.plusSeconds(60));
        RefreshToken rotated = issue(tokens, inspector.id(), NOW.plusSeconds(60));
        tokens.useRefresh(rotated.hash());
        issue(tokens, inspector.id(), NOW); // expires at the time asked about: no longer live
        issue(tokens, oldest.id(), NOW.plusSeconds(60));

        assertThat(queries.show(inspector.id(), NOW)).contains(
                new ClientDetails(inspector, Optional.of(NOW.minusSeconds(60)), Optional.empty(), 3, 2));
        assertThat(queries.show(inspector.id(), NOW.plusSeconds(60)).orElseThrow().liveAccessTokens()).isZero();
    }

    @Test
    void showsADisabledClientToo() {
        Instant disabledAt = NOW.plusNanos(5_000);
        new JdbiClientMaintenance(database.jdbi(), () -> disabledAt).disable(oldest.id());

        ClientDetails details = queries.show(oldest.id(), NOW).orElseThrow();

        assertThat(details).isEqualTo(new ClientDetails(oldest, Optional.empty(), Optional.of(disabledAt), 0, 0));
        assertThat(details.disabled()).isTrue();
        assertThat(queries.show(ClientId.random(Fixtures.RANDOM), NOW)).isEmpty();
    }

    @Test
    void countsRegistrationsPerWholeHourFromTheHourOfTheStart() {
        database.jdbi().useHandle(handle -> handle.execute("DELETE FROM oauth_client"));
        Instant ten = Instant.parse("2026-06-01T10:00:00Z");
        for (Instant at : List.of(ten.minus(MICRO), ten, ten.plusSeconds(3599).plus(Duration.ofNanos(999_999_000)),
                ten.plusSeconds(3600), ten.plusSeconds(3 * 3600 + 1800))) {
            Fixtures.addClient(database, at);
        }

        assertThat(queries.registrationsPerHour(ten.plusSeconds(1200))).containsExactly(
                new HourlyCount(ten, 2, 0, 0),
                new HourlyCount(ten.plusSeconds(3600), 1, 0, 0),
                new HourlyCount(ten.plusSeconds(3 * 3600), 1, 0, 0));
        assertThat(queries.registrationsPerHour(ten.plusSeconds(3600))).containsExactly(
                new HourlyCount(ten.plusSeconds(3600), 1, 0, 0),
                new HourlyCount(ten.plusSeconds(3 * 3600), 1, 0, 0));
        assertThat(queries.registrationsPerHour(ten.plusSeconds(4 * 3600))).isEmpty();
    }

    @Test
    void failsAsUnavailableWhenTheDatabaseIsGone() {
        database.close();

        String message = "client queries unavailable";
        assertUnavailable(message, () -> queries.list(ANY_TIME, ANY, Optional.of("x"), true));
        assertUnavailable(message, () -> queries.show(oldest.id(), NOW));
        assertUnavailable(message, () -> queries.registrationsPerHour(NOW));
        assertUnavailable(message, () -> queries.search(Optional.of("x"), 0, 10));
    }

    private static ClientSummary summary(ClientRegistration client, Optional<Instant> lastUsed, boolean disabled) {
        return new ClientSummary(client.id().value(), client.metadata().clientName(), client.issuedAt(),
                client.source().address(), lastUsed, disabled, client.metadata().redirectUris());
    }

    private List<ClientId> searched(String text) {
        return ids(queries.search(Optional.of(text), 0, 10));
    }

    private static List<ClientId> ids(List<ClientSummary> summaries) {
        return summaries.stream().map(summary -> new ClientId(summary.clientId())).toList();
    }

    /** An access and a refresh token of the client, both expiring at {@code expiresAt}; answers the refresh token. */
    private static RefreshToken issue(JdbiTokenStore tokens, ClientId client, Instant expiresAt) {
        String family = Fixtures.newHash();
        var refresh = new RefreshToken(Fixtures.newHash(), family, Fixtures.grant(client, "alice"),
                expiresAt.minusSeconds(3600), expiresAt);
        tokens.issue(new AccessToken(Fixtures.newHash(), family, Fixtures.grant(client, "alice"),
                expiresAt.minusSeconds(3600), expiresAt), Optional.of(refresh));
        return refresh;
    }
}
