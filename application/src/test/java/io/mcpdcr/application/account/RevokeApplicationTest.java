package io.mcpdcr.application.account;

import static io.mcpdcr.application.fakes.FlowFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.FlowFixture;
import io.mcpdcr.application.fakes.InMemoryAllowedApplications;
import io.mcpdcr.application.token.TokenResponse;
import io.mcpdcr.domain.account.AllowedApplication;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.OpaqueToken;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RevokeApplicationTest {
    private final FlowFixture flow = new FlowFixture();
    private final InMemoryAllowedApplications allowed = new InMemoryAllowedApplications(flow.stores, flow.clients);
    private final ListAllowedApplications list = new ListAllowedApplications(allowed, flow.clock);
    private final RevokeApplication revoke = new RevokeApplication(allowed, flow.audit, flow.clock);
    private final ClientRegistration inspector = flow.register("inspector");

    @Test
    void listsWhatTheUserAllowedMostRecentlyUsedFirst() {
        ClientRegistration editor = flow.register("editor");
        flow.tokens(inspector);
        flow.clock.advance(Duration.ofMinutes(5));
        flow.tokens(editor);

        assertThat(list.list(ALICE)).extracting(app -> app.clientId().value()).containsExactly("editor", "inspector");
        assertThat(list.list("bob")).isEmpty();
    }

    @Test
    void revokingEndsTheTokensAndIsAudited() {
        TokenResponse tokens = flow.tokens(inspector);

        RevokeApplication.Outcome outcome = revoke.revoke(new RevokeApplicationRequest(ALICE, inspector.id(), "192.0.2.7"));

        assertThat(outcome).isInstanceOfSatisfying(RevokeApplication.Outcome.Revoked.class, revoked ->
                assertThat(revoked.application().clientId()).isEqualTo(inspector.id()));
        assertThat(flow.stores.findAccess(OpaqueToken.hash(tokens.accessToken()))).isEmpty();
        assertThat(list.list(ALICE)).isEmpty();
        assertThat(flow.audit.events()).last().satisfies(event -> {
            assertThat(event.action()).isEqualTo(AuditAction.APPLICATION_REVOKED);
            assertThat(event.outcome()).isEqualTo(AuditOutcome.REVOKED);
            assertThat(event.clientId()).contains(inspector.id());
            assertThat(event.username()).contains(ALICE);
            assertThat(event.address()).contains("192.0.2.7");
        });
    }

    @Test
    void anotherUsersGrantIsNotAllowedAndStaysInForce() {
        TokenResponse tokens = flow.tokens(inspector);
        int events = flow.audit.events().size();

        RevokeApplication.Outcome outcome = revoke.revoke(new RevokeApplicationRequest("mallory", inspector.id(), "192.0.2.9"));

        assertThat(outcome).isInstanceOf(RevokeApplication.Outcome.NotAllowed.class);
        assertThat(flow.stores.findAccess(OpaqueToken.hash(tokens.accessToken()))).isPresent();
        assertThat(list.list(ALICE)).extracting(AllowedApplication::clientId).containsExactly(inspector.id());
        assertThat(flow.audit.events()).hasSize(events);
    }

    @Test
    void revokingTwiceFindsNothingTheSecondTime() {
        flow.tokens(inspector);
        var request = new RevokeApplicationRequest(ALICE, inspector.id(), "192.0.2.7");
        revoke.revoke(request);

        assertThat(revoke.revoke(request)).isInstanceOf(RevokeApplication.Outcome.NotAllowed.class);
        assertThat(flow.audit.events()).filteredOn(event -> event.action() == AuditAction.APPLICATION_REVOKED)
                .hasSize(1);
    }
}
