package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.port.AuthorizationCodeStore;
import io.mcpdcr.domain.account.AllowedApplication;
import io.mcpdcr.domain.authorization.AuthorizationCode;
import io.mcpdcr.domain.authorization.AuthorizationRequest;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.pkce.Pkce;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.RefreshToken;
import io.mcpdcr.domain.token.TokenGrant;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiAllowedApplications} must do, whatever the database. */
abstract class AllowedApplicationsContract extends DatabaseContract {
    private static final String CALLBACK = "https://app.example/cb";
    private static final Instant LATER = Fixtures.NOW.plusSeconds(600);

    private JdbiAllowedApplications allowed;
    private JdbiTokenStore tokens;
    private JdbiConsentStore consents;
    private ClientId client;

    @BeforeEach
    void createStore() {
        allowed = new JdbiAllowedApplications(database.jdbi());
        tokens = new JdbiTokenStore(database.jdbi());
        consents = new JdbiConsentStore(database.jdbi());
        client = Fixtures.addClient(database, Fixtures.client("Weather app",
                List.of("https://app.example/cb", "https://app.example/other", "http://127.0.0.1/cb"), Fixtures.NOW,
                "192.0.2.1"));
    }

    @Test
    void listsNothingForAUserWhoAllowedNothing() {
        assertThat(allowed.allowedBy("alice", Fixtures.NOW)).isEmpty();
    }

    @Test
    void listsAnApplicationWithTokensWithItsNameHostsScopesAndTimes() {
        issue(client, "alice", ScopeSet.parse("mcp:read"), Fixtures.NOW);
        issue(client, "alice", ScopeSet.parse("mcp:write"), LATER);

        assertThat(allowed.allowedBy("alice", LATER)).singleElement().satisfies(app -> {
            assertThat(app.clientId()).isEqualTo(client);
            assertThat(app.clientName()).isEqualTo("Weather app");
            assertThat(app.redirectHosts()).containsExactly("app.example", "127.0.0.1");
            assertThat(app.scopes().values()).containsExactlyInAnyOrder("mcp:read", "mcp:write");
            assertThat(app.allowedAt()).isEqualTo(Fixtures.NOW);
            assertThat(app.lastUsedAt()).contains(LATER);
        });
    }

    @Test
    void listsAnApplicationHoldingOnlyARememberedConsentAsNeverUsed() {
        consents.remember("alice", client, Optional.empty(), ScopeSet.parse("mcp"), CALLBACK);

        assertThat(allowed.allowedBy("alice", Fixtures.NOW)).singleElement().satisfies(app -> {
            assertThat(app.scopes()).isEqualTo(ScopeSet.parse("mcp"));
            assertThat(app.lastUsedAt()).isEmpty();
        });
    }

    @Test
    void leavesOutExpiredTokensAndOtherUsersGrants() {
        issue(client, "alice", Fixtures.SCOPES, Fixtures.NOW);
        issue(client, "bob", Fixtures.SCOPES, Fixtures.NOW);
        consents.remember("bob", client, Optional.empty(), ScopeSet.parse("mcp"), CALLBACK);

        assertThat(allowed.allowedBy("alice", Fixtures.NOW.plusSeconds(86_400))).isEmpty();
        assertThat(allowed.allowedBy("carol", Fixtures.NOW)).isEmpty();
    }

    @Test
    void listsEachApplicationOnce() {
        ClientId other = Fixtures.addClient(database);
        issue(client, "alice", Fixtures.SCOPES, Fixtures.NOW);
        issue(other, "alice", Fixtures.SCOPES, Fixtures.NOW);
        consents.remember("alice", client, Optional.empty(), ScopeSet.parse("mcp"), CALLBACK);

        assertThat(allowed.allowedBy("alice", Fixtures.NOW)).extracting(AllowedApplication::clientId)
                .containsExactlyInAnyOrder(client, other);
    }

    @Test
    void revokingDeletesTheUsersCodesTokensAndConsentsForThatClientOnly() {
        ClientId other = Fixtures.addClient(database);
        AccessToken access = issue(client, "alice", Fixtures.SCOPES, Fixtures.NOW);
        AccessToken othersAccess = issue(other, "alice", Fixtures.SCOPES, Fixtures.NOW);
        AccessToken bobsAccess = issue(client, "bob", Fixtures.SCOPES, Fixtures.NOW);
        consents.remember("alice", client, Optional.empty(), ScopeSet.parse("mcp"), CALLBACK);
        consents.remember("bob", client, Optional.empty(), ScopeSet.parse("mcp"), CALLBACK);
        var codes = new JdbiAuthorizationCodeStore(database.jdbi());
        AuthorizationCode code = code(client, "alice");
        codes.save(code);

        assertThat(allowed.revoke("alice", client)).isTrue();

        assertThat(tokens.findAccess(access.hash())).isEmpty();
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM refresh_token WHERE username = 'alice' AND client_id = ?",
                client.value())).isZero();
        assertThat(consents.granted("alice", client, Optional.empty())).isEmpty();
        assertThat(codes.redeem(code.hash())).isInstanceOf(AuthorizationCodeStore.Unknown.class);
        assertThat(tokens.findAccess(othersAccess.hash())).isPresent();
        assertThat(tokens.findAccess(bobsAccess.hash())).isPresent();
        assertThat(consents.granted("bob", client, Optional.empty())).isPresent();
        assertThat(allowed.allowedBy("alice", Fixtures.NOW)).extracting(AllowedApplication::clientId)
                .containsExactly(other);
    }

    @Test
    void revokingWhatWasNeverAllowedDeletesNothing() {
        AccessToken bobsAccess = issue(client, "bob", Fixtures.SCOPES, Fixtures.NOW);

        assertThat(allowed.revoke("alice", client)).isFalse();
        assertThat(tokens.findAccess(bobsAccess.hash())).isPresent();
    }

    @Test
    void failsAsUnavailableWhenTheDatabaseIsGone() {
        database.close();

        assertUnavailable("allowed applications unavailable", () -> allowed.allowedBy("alice", Fixtures.NOW));
        assertUnavailable("allowed applications unavailable", () -> allowed.revoke("alice", client));
    }

    /** An access and a refresh token of one family, issued at {@code at}; the access token lives an hour. */
    private AccessToken issue(ClientId to, String username, ScopeSet scopes, Instant at) {
        String family = Fixtures.newHash();
        var grant = new TokenGrant(to, username, scopes, Optional.of(Fixtures.RESOURCE));
        AccessToken access = new AccessToken(Fixtures.newHash(), family, grant, at, at.plusSeconds(3600));
        tokens.issue(access, Optional.of(new RefreshToken(Fixtures.newHash(), family, grant, at, at.plusSeconds(7200))));
        return access;
    }

    private static AuthorizationCode code(ClientId client, String username) {
        var request = new AuthorizationRequest(client, CALLBACK, true,
                Pkce.s256("a-verifier-of-at-least-43-characters-0123456789"), Fixtures.SCOPES, Optional.empty(),
                Optional.empty());
        return new AuthorizationCode(Fixtures.newHash(), request, username, Fixtures.NOW, Fixtures.NOW.plusSeconds(60));
    }
}
