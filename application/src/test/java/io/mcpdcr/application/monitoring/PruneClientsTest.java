package io.mcpdcr.application.monitoring;

import static io.mcpdcr.application.fakes.FlowFixture.ALICE;
import static io.mcpdcr.application.fakes.FlowFixture.ISSUER;
import static io.mcpdcr.application.fakes.FlowFixture.NOW;
import static io.mcpdcr.application.fakes.FlowFixture.authorizeRequest;
import static io.mcpdcr.application.fakes.FlowFixture.redeemRequest;
import static io.mcpdcr.application.fakes.FlowFixture.refreshRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.authorization.AuthorizationStep;
import io.mcpdcr.application.authorization.DecideConsent;
import io.mcpdcr.application.authorization.OAuthSettings;
import io.mcpdcr.application.fakes.FlowFixture;
import io.mcpdcr.application.fakes.InMemoryClientMaintenance;
import io.mcpdcr.application.token.TokenMinter;
import io.mcpdcr.application.token.TokenOutcome;
import io.mcpdcr.application.token.TokenResponse;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.AudiencePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PruneClientsTest {
    private static final Duration NEVER_USED_AFTER = Duration.ofHours(24);
    private static final Duration UNUSED_AFTER = Duration.ofDays(90);
    private static final Duration LONG_REFRESH = Duration.ofDays(180);

    private final FlowFixture flow = new FlowFixture();
    private final PruneClients pruneClients = new PruneClients(new InMemoryClientMaintenance(flow.clients, flow.stores),
            flow.audit, flow.clock, NEVER_USED_AFTER, UNUSED_AFTER);
    /** A token endpoint on the same stores whose refresh tokens outlive the unused period. */
    private final TokenMinter longLivedTokens = flow.minter(AudiencePolicy.withoutDefault(), new OAuthSettings(ISSUER,
            Duration.ofMinutes(1), Duration.ofHours(1), LONG_REFRESH, Duration.ofHours(8)));

    private boolean exists(ClientRegistration client) {
        return flow.clients.find(client.id()).isPresent();
    }

    private List<AuditEvent> deletions() {
        return flow.audit.events().stream().filter(event -> event.action() == AuditAction.CLIENT_DELETED).toList();
    }

    private TokenResponse longLivedTokens(ClientRegistration client) {
        TokenOutcome outcome = flow.exchange(redeemRequest(client, flow.code(client)), longLivedTokens);
        assertThat(outcome).isInstanceOf(TokenOutcome.Issued.class);
        return ((TokenOutcome.Issued) outcome).response();
    }

    private static void assertRefused(TokenOutcome outcome, String code) {
        assertThat(outcome).isInstanceOfSatisfying(TokenOutcome.Refused.class,
                refused -> assertThat(refused.error().code().wire()).isEqualTo(code));
    }

    // ---- never used ----

    @ParameterizedTest(name = "a client never used is pruned after {0}: {1}")
    @CsvSource(textBlock = """
        PT1H,        false
        PT23H59M,    false
        PT24H,       false
        PT24H0M1S,   true
        P30D,        true
        """)
    void aClientNeverUsedIsPrunedAfterADay(Duration age, boolean pruned) {
        ClientRegistration client = flow.register("abandoned");
        flow.clock.advance(age);

        PruneClients.Report report = pruneClients.prune();

        assertThat(report.neverUsed()).isEqualTo(pruned ? List.of(client.id()) : List.of());
        assertThat(report.unused()).isEmpty();
        assertThat(report.deleted()).isEqualTo(pruned ? 1 : 0);
        assertThat(exists(client)).isEqualTo(!pruned);
    }

    @Test
    void aCodeAloneDoesNotCountAsUse() {
        // only a completed token exchange keeps a client; a code it never redeemed does not
        ClientRegistration client = flow.register("abandoned");
        flow.code(client);
        flow.clock.advance(NEVER_USED_AFTER.plusSeconds(1));

        assertThat(pruneClients.prune().neverUsed()).containsExactly(client.id());
    }

    @Test
    void aUsedClientIsNotPrunedAsNeverUsed() {
        ClientRegistration client = flow.register("used");
        flow.tokens(client);
        flow.clock.advance(NEVER_USED_AFTER.plusSeconds(1));

        PruneClients.Report report = pruneClients.prune();

        assertThat(report.neverUsed()).isEmpty();
        assertThat(report.deleted()).isZero();
        assertThat(exists(client)).isTrue();
    }

    // ---- unused ----

    @ParameterizedTest(name = "a client last used {0} ago with no live refresh token is pruned: {1}")
    @CsvSource(textBlock = """
        P30D,            false
        P89DT23H59M,     false
        P90D,            false
        P90DT1S,         true
        P400D,           true
        """)
    void aClientUnusedFor90DaysWithoutALiveRefreshTokenIsPruned(Duration idle, boolean pruned) {
        ClientRegistration client = flow.register("idle");
        flow.tokens(client);                                // its refresh token lives 30 days
        flow.clock.advance(idle);

        PruneClients.Report report = pruneClients.prune();

        assertThat(report.unused()).isEqualTo(pruned ? List.of(client.id()) : List.of());
        assertThat(report.neverUsed()).isEmpty();
        assertThat(report.deleted()).isEqualTo(pruned ? 1 : 0);
        assertThat(exists(client)).isEqualTo(!pruned);
    }

    @Test
    void aLiveRefreshTokenKeepsAnUnusedClientUntilItExpires() {
        ClientRegistration client = flow.register("dormant");
        TokenResponse tokens = longLivedTokens(client);

        flow.clock.advance(UNUSED_AFTER.plusDays(1));
        assertThat(pruneClients.prune().unused()).isEmpty();
        assertThat(exists(client)).isTrue();

        flow.clock.set(NOW.plus(LONG_REFRESH));             // the refresh token's last instant has passed
        assertThat(pruneClients.prune().unused()).containsExactly(client.id());
        assertThat(exists(client)).isFalse();
        assertRefused(flow.exchange(refreshRequest(client, tokens.refreshToken().orElseThrow())),
                "invalid_client");
    }

    @Test
    void aRevokedRefreshTokenKeepsNothing() {
        ClientRegistration client = flow.register("logged-out");
        TokenResponse tokens = longLivedTokens(client);
        flow.revoke(new FlowFixture.Params()
                .set("token", tokens.refreshToken().orElseThrow())
                .set("client_id", client.id().value()));

        flow.clock.advance(UNUSED_AFTER.plusSeconds(1));

        assertThat(pruneClients.prune().unused()).containsExactly(client.id());
    }

    @Test
    void refreshingCountsAsUse() {
        ClientRegistration client = flow.register("regular");
        TokenResponse first = flow.tokens(client);
        flow.clock.advance(Duration.ofDays(29));
        flow.tokens(refreshRequest(client, first.refreshToken().orElseThrow()));

        flow.clock.set(NOW.plus(UNUSED_AFTER).plusSeconds(1));
        assertThat(pruneClients.prune().deleted()).isZero();

        flow.clock.set(NOW.plus(Duration.ofDays(29)).plus(UNUSED_AFTER).plusSeconds(1));
        assertThat(pruneClients.prune().unused()).containsExactly(client.id());
    }

    // ---- the report, the audit trail, and what a pruned client meets ----

    @Test
    void reportsBothKindsAndKeepsTheActive() {
        ClientRegistration neverUsed = flow.register("never-used");
        ClientRegistration idle = flow.register("idle");
        ClientRegistration active = flow.register("active");
        flow.tokens(idle);
        flow.clock.advance(Duration.ofDays(60));
        flow.tokens(active);
        flow.clock.advance(Duration.ofDays(30).plusSeconds(1));

        PruneClients.Report report = pruneClients.prune();

        assertThat(report.neverUsed()).containsExactly(neverUsed.id());
        assertThat(report.unused()).containsExactly(idle.id());
        assertThat(report.deleted()).isEqualTo(2);
        assertThat(flow.clients.all()).extracting(ClientRegistration::id).containsExactly(active.id());
    }

    @Test
    void candidatesDeleteNothing() {
        ClientRegistration neverUsed = flow.register("never-used");
        ClientRegistration idle = flow.register("idle");
        flow.tokens(idle);
        flow.clock.advance(UNUSED_AFTER.plusSeconds(1));

        PruneClients.Report candidates = pruneClients.candidates();

        assertThat(candidates.neverUsed()).containsExactly(neverUsed.id());
        assertThat(candidates.unused()).containsExactly(idle.id());
        assertThat(candidates.deleted()).isZero();
        assertThat(exists(neverUsed)).isTrue();
        assertThat(exists(idle)).isTrue();
        assertThat(deletions()).isEmpty();
        // and the same candidates are then pruned
        PruneClients.Report pruned = pruneClients.prune();
        assertThat(pruned.neverUsed()).isEqualTo(candidates.neverUsed());
        assertThat(pruned.unused()).isEqualTo(candidates.unused());
        assertThat(pruned.deleted()).isEqualTo(2);
    }

    @Test
    void recordsEachDeletionInTheAuditTrail() {
        ClientRegistration neverUsed = flow.register("never-used");
        ClientRegistration idle = flow.register("idle");
        flow.tokens(idle);
        flow.clock.advance(UNUSED_AFTER.plusSeconds(1));

        pruneClients.prune();

        assertThat(deletions()).hasSize(2).allSatisfy(event -> {
            assertThat(event.at()).isEqualTo(flow.clock.instant());
            assertThat(event.outcome().wire()).isEqualTo("pruned");
            assertThat(event.errorCode()).isEmpty();
            assertThat(event.address()).isEmpty();
            assertThat(event.username()).isEmpty();
        });
        assertThat(deletions()).extracting(event -> event.clientId().orElseThrow())
                .containsExactlyInAnyOrder(neverUsed.id(), idle.id());
    }

    @Test
    void aSecondPruneFindsNothingAndRecordsNothing() {
        flow.register("never-used");
        flow.clock.advance(NEVER_USED_AFTER.plusSeconds(1));
        pruneClients.prune();

        PruneClients.Report again = pruneClients.prune();

        assertThat(again.neverUsed()).isEmpty();
        assertThat(again.deleted()).isZero();
        assertThat(deletions()).hasSize(1);
    }

    @Test
    void nothingToPruneRecordsNothing() {
        flow.register("fresh");

        assertThat(pruneClients.prune()).isEqualTo(new PruneClients.Report(List.of(), List.of(), 0));
        assertThat(deletions()).isEmpty();
    }

    @Test
    void aPrunedClientIsUnknownToTheTokenEndpoint() {
        ClientRegistration client = flow.register("abandoned");
        String code = flow.code(client);
        flow.clock.advance(NEVER_USED_AFTER.plusSeconds(1));
        pruneClients.prune();

        TokenOutcome outcome = flow.exchange(redeemRequest(client, code));

        assertThat(outcome).isInstanceOfSatisfying(TokenOutcome.Refused.class, refused -> {
            assertThat(refused.error().code().wire()).isEqualTo("invalid_client");
            assertThat(refused.error().description()).contains("register again");
        });
    }

    @Test
    void aPrunedClientGetsAnErrorPageNotARedirect() {
        // its redirect URI is no longer registered, so it must not be followed
        ClientRegistration client = flow.register("abandoned");
        flow.clock.advance(NEVER_USED_AFTER.plusSeconds(1));
        pruneClients.prune();

        assertThat(flow.startAuthorization.start(authorizeRequest(client).map(), Optional.of(ALICE), "192.0.2.1"))
                .isInstanceOf(AuthorizationStep.ShowError.class);
        assertThat(flow.startAuthorization.start(authorizeRequest(client).map(), Optional.empty(), "192.0.2.1"))
                .isInstanceOf(AuthorizationStep.ShowError.class);
        assertThat(flow.decide(authorizeRequest(client), ALICE,
                DecideConsent.Decision.APPROVE)).isInstanceOf(AuthorizationStep.ShowError.class);
    }

    @Test
    void aClientRegisteredSinceIsKept() {
        ClientRegistration old = flow.register("old");
        flow.clock.advance(NEVER_USED_AFTER.plusSeconds(1));
        // FlowFixture registers every client at NOW; this one registers a second ago
        var fresh = new ClientRegistration(new ClientId("fresh"), old.metadata(), flow.clock.instant().minusSeconds(1),
                old.source());
        flow.clients.add(fresh);

        PruneClients.Report report = pruneClients.prune();

        assertThat(report.neverUsed()).containsExactly(old.id());
        assertThat(exists(fresh)).isTrue();
    }
}
