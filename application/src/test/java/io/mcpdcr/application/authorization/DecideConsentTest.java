package io.mcpdcr.application.authorization;

import static io.mcpdcr.application.fakes.FlowFixture.ALICE;
import static io.mcpdcr.application.fakes.FlowFixture.BOTH_GRANTS;
import static io.mcpdcr.application.fakes.FlowFixture.CALLBACK;
import static io.mcpdcr.application.fakes.FlowFixture.ISSUER;
import static io.mcpdcr.application.fakes.FlowFixture.RESOURCE;
import static io.mcpdcr.application.fakes.FlowFixture.STATE;
import static io.mcpdcr.application.fakes.FlowFixture.authorizeRequest;
import static io.mcpdcr.application.fakes.FlowFixture.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.authorization.DecideConsent.Decision;
import io.mcpdcr.application.fakes.FlowFixture;
import io.mcpdcr.application.port.ConsentStore;
import io.mcpdcr.domain.authorization.PendingConsent;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DecideConsentTest {
    private final FlowFixture flow = new FlowFixture();
    private final ClientRegistration client = flow.register("inspector");

    private AuthorizationStep decide(FlowFixture.Params request, Decision decision) {
        return flow.decide(request, ALICE, decision);
    }

    private static String location(AuthorizationStep step) {
        assertThat(step).isInstanceOf(AuthorizationStep.Redirect.class);
        return ((AuthorizationStep.Redirect) step).location();
    }

    @ParameterizedTest(name = "{0} redirects with code, state and iss")
    @EnumSource(value = Decision.class, names = {"APPROVE", "APPROVE_AND_REMEMBER"})
    void approvalRedirectsWithCodeStateAndIssuer(Decision decision) {
        String location = location(decide(authorizeRequest(client), decision));

        assertThat(location).startsWith(CALLBACK + "?code=");
        Map<String, String> params = query(location);
        assertThat(params.keySet()).containsExactly("code", "state", "iss");
        assertThat(params).containsEntry("state", STATE).containsEntry("iss", ISSUER);
    }

    @Test
    void eachApprovalIssuesAFreshCode() {
        String first = query(location(decide(authorizeRequest(client), Decision.APPROVE))).get("code");
        String second = query(location(decide(authorizeRequest(client), Decision.APPROVE))).get("code");

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void approvalWithoutStateSendsNoState() {
        Map<String, String> params = query(location(decide(authorizeRequest(client).without("state"), Decision.APPROVE)));

        assertThat(params.keySet()).containsExactly("code", "iss");
    }

    @Test
    void approvalRedirectsToTheLoopbackPortTheClientListensOn() {
        ClientRegistration cli = flow.register("cli", BOTH_GRANTS, "http://127.0.0.1/callback");
        var request = authorizeRequest(cli).set("redirect_uri", "http://127.0.0.1:51004/callback");

        assertThat(location(decide(request, Decision.APPROVE))).startsWith("http://127.0.0.1:51004/callback?code=");
    }

    @Test
    void approvalKeepsTheQueryOfTheRegisteredRedirectUri() {
        ClientRegistration tenant = flow.register("tenant", BOTH_GRANTS, "https://app.example/cb?tenant=7");

        assertThat(location(decide(authorizeRequest(tenant), Decision.APPROVE)))
                .startsWith("https://app.example/cb?tenant=7&code=");
    }

    @Test
    void denialRedirectsWithAccessDeniedStateAndIssuer() {
        String location = location(decide(authorizeRequest(client), Decision.DENY));

        assertThat(location).startsWith(CALLBACK + "?error=access_denied&");
        assertThat(query(location))
                .containsEntry("error", "access_denied")                          // RFC 6749 §4.1.2.1
                .containsEntry("error_description", "the user denied the request")
                .containsEntry("state", STATE)
                .containsEntry("iss", ISSUER)                                     // RFC 9207
                .doesNotContainKey("code");
    }

    @Test
    void denialRemembersNothing() {
        decide(authorizeRequest(client), Decision.DENY);

        assertThat(flow.stores.granted(ALICE, client.id(), Optional.of(RESOURCE))).isEmpty();
    }

    @Test
    void plainApprovalIsNotRemembered() {
        decide(authorizeRequest(client), Decision.APPROVE);

        assertThat(flow.stores.granted(ALICE, client.id(), Optional.of(RESOURCE))).isEmpty();
        assertThat(flow.startAuthorization.start(authorizeRequest(client).map(), Optional.of(ALICE), "192.0.2.1"))
                .isInstanceOf(AuthorizationStep.AskConsent.class);
    }

    @Test
    void rememberedApprovalSkipsTheConsentPageNextTime() {
        decide(authorizeRequest(client).set("scope", "mcp profile"), Decision.APPROVE_AND_REMEMBER);

        assertThat(flow.stores.granted(ALICE, client.id(), Optional.of(RESOURCE)))
                .contains(new ConsentStore.Remembered(ScopeSet.parse("mcp profile"), CALLBACK));
        assertThat(flow.startAuthorization.start(authorizeRequest(client).map(), Optional.of(ALICE), "192.0.2.1"))
                .isInstanceOf(AuthorizationStep.Redirect.class);
        assertThat(flow.startAuthorization.start(authorizeRequest(client).map(), Optional.of("bob"), "192.0.2.1"))
                .isInstanceOf(AuthorizationStep.AskConsent.class);
    }

    @Test
    void rememberIsIgnoredForALoopbackRedirect() {
        ClientRegistration cli = flow.register("cli", BOTH_GRANTS, "http://127.0.0.1/callback");

        assertThat(decide(authorizeRequest(cli), Decision.APPROVE_AND_REMEMBER)).isInstanceOf(AuthorizationStep.Redirect.class);

        assertThat(flow.stores.granted(ALICE, cli.id(), Optional.of(RESOURCE))).isEmpty();
    }

    @ParameterizedTest(name = "an answer after {0} is refused")
    @EnumSource(Decision.class)
    void aConsentPageIsAnsweredOnce(Decision first) {
        var request = authorizeRequest(client);
        String query = "the query";
        String interaction = flow.decideConsent.open("session", query);
        var answer = new DecideConsent.Answer(interaction, "session", query);

        flow.decideConsent.decide(answer, request.map(), ALICE, first, "192.0.2.1");

        for (Decision replay : Decision.values()) {
            assertThat(flow.decideConsent.decide(answer, request.map(), ALICE, replay, "192.0.2.1"))
                    .isInstanceOf(AuthorizationStep.ShowError.class);
        }
    }

    @Test
    void anAnswerCountsOnlyForTheSessionAndRequestItWasShownTo() {
        var request = authorizeRequest(client);
        String interaction = flow.decideConsent.open("session", "the query");

        assertThat(flow.decideConsent.decide(new DecideConsent.Answer(interaction, "other session", "the query"),
                request.map(), ALICE, Decision.APPROVE, "192.0.2.1")).isInstanceOf(AuthorizationStep.ShowError.class);
        assertThat(flow.decideConsent.decide(new DecideConsent.Answer(interaction, "session", "other query"),
                request.map(), ALICE, Decision.APPROVE, "192.0.2.1")).isInstanceOf(AuthorizationStep.ShowError.class);
        assertThat(flow.decideConsent.decide(new DecideConsent.Answer(interaction, "session", "the query"),
                request.map(), ALICE, Decision.APPROVE, "192.0.2.1")).isInstanceOf(AuthorizationStep.Redirect.class);
    }

    @Test
    void aSessionKeepsItsLatestConsentPagesOnly() {
        String oldest = flow.decideConsent.open("session", "the query");
        String newest = oldest;
        for (int i = 1; i <= PendingConsent.MAX_PER_SESSION; i++) {
            flow.clock.advance(Duration.ofSeconds(1));
            newest = flow.decideConsent.open("session", "the query");
        }

        assertThat(flow.decideConsent.decide(new DecideConsent.Answer(oldest, "session", "the query"),
                authorizeRequest(client).map(), ALICE, Decision.APPROVE, "192.0.2.1")).isInstanceOf(AuthorizationStep.ShowError.class);
        assertThat(flow.decideConsent.decide(new DecideConsent.Answer(newest, "session", "the query"),
                authorizeRequest(client).map(), ALICE, Decision.APPROVE, "192.0.2.1")).isInstanceOf(AuthorizationStep.Redirect.class);
    }

    @Test
    void anExpiredConsentPageCannotBeAnswered() {
        String interaction = flow.decideConsent.open("session", "the query");
        flow.clock.advance(DecideConsent.PENDING_LIFETIME);

        assertThat(flow.decideConsent.decide(new DecideConsent.Answer(interaction, "session", "the query"),
                authorizeRequest(client).map(), ALICE, Decision.APPROVE, "192.0.2.1")).isInstanceOf(AuthorizationStep.ShowError.class);
    }

    @Test
    void checksTheReturnedFormAgainAndNeverFollowsATamperedRedirectUri() {
        var tampered = authorizeRequest(client).set("redirect_uri", "https://evil.example/cb");

        for (Decision decision : Decision.values()) {
            assertThat(decide(tampered, decision)).as("%s", decision).isInstanceOf(AuthorizationStep.ShowError.class);
        }
    }

    @Test
    void checksTheReturnedFormAgainAndRefusesATamperedChallengeMethod() {
        var tampered = authorizeRequest(client).set("code_challenge_method", "plain");

        Map<String, String> params = query(location(decide(tampered, Decision.APPROVE)));

        assertThat(params).containsEntry("error", "invalid_request").containsEntry("state", STATE).doesNotContainKey("code");
    }

    @Test
    void refusesAClientRemovedInTheMeantime() {
        var request = authorizeRequest(client).set("client_id", "removed");

        assertThat(decide(request, Decision.APPROVE)).isInstanceOf(AuthorizationStep.ShowError.class);
    }

    // ---- the audit trail ----

    private List<AuditEvent> audited() {
        return flow.audit.events();
    }

    private static AuditEvent event(AuditAction action, AuditOutcome outcome, ClientRegistration client) {
        return new AuditEvent(FlowFixture.NOW, action, outcome, Optional.empty(), Optional.of(client.id()),
                Optional.empty(), Optional.empty(), Optional.of(ALICE));
    }

    @ParameterizedTest(name = "{0} records the approval and the code")
    @EnumSource(value = Decision.class, names = {"APPROVE", "APPROVE_AND_REMEMBER"})
    void approvalRecordsTheConsentAndTheIssuedCode(Decision decision) {
        decide(authorizeRequest(client), decision);

        assertThat(audited()).containsExactly(
                event(AuditAction.CONSENT, AuditOutcome.APPROVED, client),
                event(AuditAction.AUTHORIZATION, AuditOutcome.CODE_ISSUED, client));
    }

    @Test
    void denialRecordsTheDenialAndNoCode() {
        decide(authorizeRequest(client), Decision.DENY);

        assertThat(audited()).containsExactly(event(AuditAction.CONSENT, AuditOutcome.DENIED, client));
    }

    @Test
    void neverRecordsTheCode() {
        String code = query(location(decide(authorizeRequest(client), Decision.APPROVE))).get("code");

        assertThat(audited()).isNotEmpty().allSatisfy(event -> assertThat(event.toString()).doesNotContain(code));
    }

    @Test
    void aRequestThatFailsItsChecksRecordsNoDecision() {
        decide(authorizeRequest(client).set("redirect_uri", "https://evil.example/cb"), Decision.APPROVE);
        decide(authorizeRequest(client).set("code_challenge_method", "plain"), Decision.DENY);

        assertThat(audited()).isEmpty();
    }
}
