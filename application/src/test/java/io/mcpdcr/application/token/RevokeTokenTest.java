package io.mcpdcr.application.token;

import static io.mcpdcr.application.fakes.FlowFixture.refreshRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.FlowFixture;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.OpaqueToken;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RevokeTokenTest {
    private final FlowFixture flow = new FlowFixture();
    private final ClientRegistration client = flow.register("inspector");
    private final ClientRegistration other = flow.register("other");

    private static FlowFixture.Params revocation(ClientRegistration client, String token) {
        return new FlowFixture.Params().set("token", token).set("client_id", client.id().value());
    }

    private Optional<String> errorOf(FlowFixture.Params request) {
        return flow.revoke(request).map(error -> error.code().wire());
    }

    private boolean live(TokenResponse tokens) {
        return flow.stores.findAccess(OpaqueToken.hash(tokens.accessToken())).isPresent()
                || flow.stores.findRefresh(OpaqueToken.hash(tokens.refreshToken().orElseThrow())).isPresent();
    }

    @ParameterizedTest(name = "revoking the {0} token revokes the family")
    @ValueSource(strings = {"access", "refresh"})
    void ownerRevokesTheWholeFamily(String which) {
        // RFC 7009 §2.1: revoking a refresh token should also revoke its access tokens, and here vice versa
        TokenResponse tokens = flow.tokens(client);
        String token = which.equals("access") ? tokens.accessToken() : tokens.refreshToken().orElseThrow();

        assertThat(errorOf(revocation(client, token))).isEmpty();

        assertThat(flow.stores.findAccess(OpaqueToken.hash(tokens.accessToken()))).isEmpty();
        assertThat(flow.stores.findRefresh(OpaqueToken.hash(tokens.refreshToken().orElseThrow()))).isEmpty();
        assertThat(flow.exchange(refreshRequest(client, tokens.refreshToken().orElseThrow())))
                .isInstanceOf(TokenOutcome.Refused.class);
    }

    @Test
    void revokingAnOlderRotatedRefreshTokenRevokesTheCurrentOnes() {
        TokenResponse first = flow.tokens(client);
        TokenResponse rotated = flow.tokens(refreshRequest(client, first.refreshToken().orElseThrow()));

        flow.revoke(revocation(client, first.accessToken()));

        assertThat(live(rotated)).isFalse();
    }

    @Test
    void revocationLeavesTheClientsOtherFamiliesAlone() {
        TokenResponse kept = flow.tokens(client);
        TokenResponse revoked = flow.tokens(client);

        flow.revoke(revocation(client, revoked.accessToken()));

        assertThat(live(revoked)).isFalse();
        assertThat(live(kept)).isTrue();
    }

    @ParameterizedTest(name = "another client's {0} token is silently kept")
    @ValueSource(strings = {"access", "refresh"})
    void anotherClientsTokenIsAnsweredAsRevokedButKept(String which) {
        // RFC 7009 §2.1: the server verifies the token was issued to the requesting client; §2.2: answers 200 anyway
        TokenResponse tokens = flow.tokens(client);
        String token = which.equals("access") ? tokens.accessToken() : tokens.refreshToken().orElseThrow();

        assertThat(errorOf(revocation(other, token))).isEmpty();

        assertThat(flow.stores.findAccess(OpaqueToken.hash(tokens.accessToken()))).isPresent();
        assertThat(flow.stores.findRefresh(OpaqueToken.hash(tokens.refreshToken().orElseThrow()))).isPresent();
    }

    @Test
    void unknownTokenIsAnsweredAsRevoked() {
        TokenResponse tokens = flow.tokens(client);

        assertThat(errorOf(revocation(client, "x".repeat(43)))).isEmpty();
        assertThat(live(tokens)).isTrue();
    }

    @Test
    void tokenAndClientIdAreRequired() {
        assertThat(errorOf(revocation(client, "t").without("token"))).contains("invalid_request");
        assertThat(errorOf(revocation(client, ""))).contains("invalid_request");
        assertThat(errorOf(revocation(client, "t").without("client_id"))).contains("invalid_request");
        assertThat(errorOf(revocation(client, "t").set("client_id", ""))).contains("invalid_request");
    }

    @Test
    void unknownClientIsInvalidClient() {
        TokenResponse tokens = flow.tokens(client);

        assertThat(errorOf(revocation(client, tokens.accessToken()).set("client_id", "removed"))).contains("invalid_client");
        assertThat(live(tokens)).isTrue();
    }

    @ParameterizedTest(name = "{0} repeated is invalid_request")
    @ValueSource(strings = {"token", "client_id"})
    void repeatedParametersAreRefused(String name) {
        TokenResponse tokens = flow.tokens(client);
        var request = revocation(client, tokens.accessToken());
        String value = request.map().get(name).get(0);

        assertThat(flow.revoke(request.set(name, value, value)))
                .hasValueSatisfying(error -> assertThat(error.description()).isEqualTo(name + " must not be repeated"));
        assertThat(live(tokens)).isTrue();
    }

    @Test
    void blankClientIdIsRefusedNotThrown() {
        assertThat(errorOf(revocation(client, "t").set("client_id", " "))).hasValueSatisfying(
                code -> assertThat(code).isIn("invalid_request", "invalid_client"));
    }

    // ---- the audit trail ----

    private List<AuditEvent> revocations() {
        return flow.audit.events().stream().filter(event -> event.action() == AuditAction.REVOCATION).toList();
    }

    private static AuditEvent revocationEvent(AuditOutcome outcome, ClientRegistration by) {
        return new AuditEvent(FlowFixture.NOW, AuditAction.REVOCATION, outcome, Optional.empty(), Optional.of(by.id()),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void recordsARevocationWithTheClient() {
        TokenResponse tokens = flow.tokens(client);

        flow.revoke(revocation(client, tokens.refreshToken().orElseThrow()));

        assertThat(revocations()).containsExactly(revocationEvent(AuditOutcome.REVOKED, client));
    }

    @Test
    void recordsNothingForUnknownAndForeignTokens() {
        TokenResponse tokens = flow.tokens(client);

        flow.revoke(revocation(client, "x".repeat(43)));
        flow.revoke(revocation(other, tokens.accessToken()));

        assertThat(revocations()).isEmpty();
    }

    @Test
    void neverRecordsTheToken() {
        TokenResponse tokens = flow.tokens(client);

        flow.revoke(revocation(client, tokens.accessToken()));

        assertThat(revocations()).singleElement().asString().doesNotContain(tokens.accessToken());
    }
}
