package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.port.AuthorizationCodeStore.FirstUse;
import io.mcpdcr.application.port.AuthorizationCodeStore.Redemption;
import io.mcpdcr.application.port.AuthorizationCodeStore.Replayed;
import io.mcpdcr.application.port.AuthorizationCodeStore.Unknown;
import io.mcpdcr.domain.authorization.AuthorizationCode;
import io.mcpdcr.domain.authorization.AuthorizationRequest;
import io.mcpdcr.domain.pkce.Pkce;
import io.mcpdcr.domain.registration.ClientId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiAuthorizationCodeStore} must do, whatever the database. */
abstract class AuthorizationCodeStoreContract extends DatabaseContract {
    private static final int RACERS = 32;

    private JdbiAuthorizationCodeStore codes;
    private ClientId client;

    @BeforeEach
    void createStore() {
        codes = new JdbiAuthorizationCodeStore(database.jdbi());
        client = Fixtures.addClient(database);
    }

    @Test
    void redeemsASavedCodeOnceThenReportsEveryLaterRedemptionAsAReplay() {
        AuthorizationCode code = code(Optional.of(Fixtures.RESOURCE), true);
        codes.save(code);

        Redemption first = codes.redeem(code.hash());
        assertThat(codes.wasReplayed(code.hash())).isFalse();
        Redemption second = codes.redeem(code.hash());

        AuthorizationCode stored = withoutState(code);
        assertThat(codes.wasReplayed(code.hash())).as("marked for the winner to see").isTrue();
        assertThat(first).isEqualTo(new FirstUse(stored));
        assertThat(second).isEqualTo(new Replayed(stored));
        assertThat(codes.redeem(code.hash())).isEqualTo(new Replayed(stored));
    }

    @Test
    void keepsACodeWithoutResourceOrGivenRedirectUri() {
        AuthorizationCode code = code(Optional.empty(), false);
        codes.save(code);

        assertThat(codes.redeem(code.hash())).isEqualTo(new FirstUse(withoutState(code)));
    }

    @Test
    void redeemsAnExpiredCodeTooForTheDomainToRefuse() {
        AuthorizationCode fresh = code(Optional.empty(), true);
        var expired = new AuthorizationCode(fresh.hash(), fresh.request(), "alice", Fixtures.NOW.minusSeconds(600),
                Fixtures.NOW.minusSeconds(540));
        codes.save(expired);

        assertThat(codes.redeem(expired.hash())).isEqualTo(new FirstUse(withoutState(expired)));
    }

    @Test
    void reportsAnUnknownCode() {
        codes.save(code(Optional.empty(), true));

        assertThat(codes.redeem(Fixtures.newHash())).isEqualTo(new Unknown());
    }

    @Test
    void letsExactlyOneOfManyConcurrentRedemptionsWin() throws Exception {
        AuthorizationCode code = code(Optional.of(Fixtures.RESOURCE), true);
        codes.save(code);

        List<Redemption> outcomes = Race.run(RACERS, () -> codes.redeem(code.hash()));

        assertThat(outcomes).filteredOn(FirstUse.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(Replayed.class::isInstance).hasSize(RACERS - 1);
    }

    @Test
    void codesGoWithTheirClient() {
        AuthorizationCode code = code(Optional.empty(), true);
        codes.save(code);

        Fixtures.deleteClient(database, client);

        assertThat(codes.redeem(code.hash())).isEqualTo(new Unknown());
    }

    @Test
    void failsAsUnavailableWhenTheDatabaseIsGone() {
        AuthorizationCode code = code(Optional.empty(), true);
        database.close();

        assertUnavailable("authorization code store unavailable", () -> codes.save(code));
        assertUnavailable("authorization code store unavailable", () -> codes.redeem(code.hash()));
    }

    private AuthorizationCode code(Optional<String> resource, boolean redirectUriGiven) {
        String challenge = Pkce.s256("a-verifier-of-at-least-43-characters-0123456789");
        var request = new AuthorizationRequest(client, "http://127.0.0.1:8123/callback?x=1", redirectUriGiven,
                challenge, Fixtures.SCOPES, resource, Optional.of("state-" + Fixtures.newHash()));
        return new AuthorizationCode(Fixtures.newHash(), request, "alice", Fixtures.NOW, Fixtures.NOW.plusSeconds(60));
    }

    /** The code as stored: the state was answered at once and is not kept. */
    private static AuthorizationCode withoutState(AuthorizationCode code) {
        AuthorizationRequest request = code.request();
        return new AuthorizationCode(code.hash(),
                new AuthorizationRequest(request.clientId(), request.redirectUri(), request.redirectUriGiven(),
                        request.codeChallenge(), request.scopes(), request.resource(), Optional.empty()),
                code.username(), code.issuedAt(), code.expiresAt());
    }
}
