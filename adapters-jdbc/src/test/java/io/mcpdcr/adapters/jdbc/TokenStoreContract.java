package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.application.port.TokenStore.Fresh;
import io.mcpdcr.application.port.TokenStore.RefreshUse;
import io.mcpdcr.application.port.TokenStore.Reused;
import io.mcpdcr.application.port.TokenStore.Unknown;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.RefreshToken;
import io.mcpdcr.domain.token.TokenGrant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiTokenStore} must do, whatever the database. */
abstract class TokenStoreContract extends DatabaseContract {
    private static final int RACERS = 32;

    private JdbiTokenStore tokens;
    private ClientId client;

    @BeforeEach
    void createStore() {
        tokens = new JdbiTokenStore(database.jdbi());
        client = Fixtures.addClient(database);
    }

    @Test
    void findsAnAccessAndARefreshTokenIssuedTogether() {
        String family = Fixtures.newHash();
        AccessToken access = access(family, Fixtures.grant(client, "alice"), Fixtures.NOW.plusSeconds(3600));
        RefreshToken refresh = refresh(family, Fixtures.grant(client, "alice"));

        tokens.issue(access, Optional.of(refresh));

        assertThat(tokens.findAccess(access.hash())).contains(access);
        assertThat(tokens.findRefresh(refresh.hash())).contains(refresh);
        assertThat(tokens.findRefresh(access.hash())).isEmpty();
        assertThat(tokens.findAccess(refresh.hash())).isEmpty();
    }

    @Test
    void keepsTheTimeTheGrantWasApprovedWhichAJwtCarriesAsAuthTime() {
        String family = Fixtures.newHash();
        Instant approved = Fixtures.NOW.minusSeconds(7200);
        var grant = Fixtures.grant(client, "alice");
        var access = new AccessToken(Fixtures.newHash(), family, grant, Fixtures.NOW, Fixtures.NOW.plusSeconds(60),
                approved);
        var refresh = new RefreshToken(Fixtures.newHash(), family, grant, Fixtures.NOW, Fixtures.NOW.plusSeconds(600),
                approved);

        tokens.issue(access, Optional.of(refresh));

        assertThat(tokens.findAccess(access.hash()).orElseThrow().authTime()).isEqualTo(approved);
        assertThat(tokens.findRefresh(refresh.hash()).orElseThrow().authTime()).isEqualTo(approved);
    }

    @Test
    void issuesAnAccessTokenAlone() {
        var grant = new TokenGrant(client, "alice", ScopeSet.EMPTY, Optional.empty());
        AccessToken access = access(Fixtures.newHash(), grant, Fixtures.NOW.plusSeconds(3600));

        tokens.issue(access, Optional.empty());

        assertThat(tokens.findAccess(access.hash())).contains(access);
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM refresh_token")).isZero();
    }

    @Test
    void findsAnExpiredTokenTooForTheDomainToJudge() {
        AccessToken expired = access(Fixtures.newHash(), Fixtures.grant(client, "alice"), Fixtures.NOW.minusSeconds(1));

        tokens.issue(expired, Optional.empty());

        assertThat(tokens.findAccess(expired.hash())).contains(expired);
    }

    @Test
    void findsNothingForUnknownHashes() {
        assertThat(tokens.findAccess(Fixtures.newHash())).isEmpty();
        assertThat(tokens.findRefresh(Fixtures.newHash())).isEmpty();
        assertThat(tokens.useRefresh(Fixtures.newHash())).isEqualTo(new Unknown());
    }

    @Test
    void storesNeitherTokenWhenTheSecondInsertFails() {
        String family = Fixtures.newHash();
        RefreshToken taken = refresh(family, Fixtures.grant(client, "alice"));
        tokens.issue(access(family, Fixtures.grant(client, "alice"), Fixtures.NOW.plusSeconds(60)), Optional.of(taken));
        AccessToken access = access(family, Fixtures.grant(client, "alice"), Fixtures.NOW.plusSeconds(60));

        assertThatThrownBy(() -> tokens.issue(access, Optional.of(taken)))
                .isInstanceOf(StoreUnavailableException.class);

        assertThat(tokens.findAccess(access.hash())).isEmpty();
    }

    @Test
    void usesARefreshTokenOnceThenReportsEveryLaterUseAsReuse() {
        String family = Fixtures.newHash();
        RefreshToken refresh = refresh(family, Fixtures.grant(client, "alice"));
        tokens.issue(access(family, refresh.grant(), Fixtures.NOW.plusSeconds(60)), Optional.of(refresh));

        assertThat(tokens.useRefresh(refresh.hash())).isEqualTo(new Fresh(refresh));
        assertThat(tokens.useRefresh(refresh.hash())).isEqualTo(new Reused(refresh));
        assertThat(tokens.findRefresh(refresh.hash())).as("a rotated token is still found").contains(refresh);
    }

    @Test
    void letsExactlyOneOfManyConcurrentRefreshesWin() throws Exception {
        String family = Fixtures.newHash();
        RefreshToken refresh = refresh(family, Fixtures.grant(client, "alice"));
        tokens.issue(access(family, refresh.grant(), Fixtures.NOW.plusSeconds(60)), Optional.of(refresh));

        List<RefreshUse> outcomes = Race.run(RACERS, () -> tokens.useRefresh(refresh.hash()));

        assertThat(outcomes).filteredOn(Fresh.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(Reused.class::isInstance).hasSize(RACERS - 1);
    }

    @Test
    void revokingAFamilyDeletesBothKindsOfItsTokensAndNoOthers() {
        String family = Fixtures.newHash();
        String otherFamily = Fixtures.newHash();
        TokenGrant grant = Fixtures.grant(client, "alice");
        AccessToken firstAccess = access(family, grant, Fixtures.NOW.plusSeconds(60));
        RefreshToken firstRefresh = refresh(family, grant);
        AccessToken rotatedAccess = access(family, grant, Fixtures.NOW.plusSeconds(60));
        RefreshToken rotatedRefresh = refresh(family, grant);
        AccessToken otherAccess = access(otherFamily, grant, Fixtures.NOW.plusSeconds(60));
        RefreshToken otherRefresh = refresh(otherFamily, grant);
        tokens.issue(firstAccess, Optional.of(firstRefresh));
        tokens.issue(rotatedAccess, Optional.of(rotatedRefresh));
        tokens.issue(otherAccess, Optional.of(otherRefresh));

        tokens.revokeFamily(family);

        assertThat(tokens.findAccess(firstAccess.hash())).isEmpty();
        assertThat(tokens.findAccess(rotatedAccess.hash())).isEmpty();
        assertThat(tokens.findRefresh(firstRefresh.hash())).isEmpty();
        assertThat(tokens.findRefresh(rotatedRefresh.hash())).isEmpty();
        assertThat(tokens.useRefresh(rotatedRefresh.hash())).isEqualTo(new Unknown());
        assertThat(tokens.findAccess(otherAccess.hash())).contains(otherAccess);
        assertThat(tokens.findRefresh(otherRefresh.hash())).contains(otherRefresh);
    }

    @Test
    void tokensGoWithTheirClient() {
        ClientId otherClient = Fixtures.addClient(database);
        String family = Fixtures.newHash();
        AccessToken access = access(family, Fixtures.grant(client, "alice"), Fixtures.NOW.plusSeconds(60));
        RefreshToken refresh = refresh(family, Fixtures.grant(client, "alice"));
        AccessToken otherAccess = access(Fixtures.newHash(), Fixtures.grant(otherClient, "alice"),
                Fixtures.NOW.plusSeconds(60));
        tokens.issue(access, Optional.of(refresh));
        tokens.issue(otherAccess, Optional.empty());

        Fixtures.deleteClient(database, client);

        assertThat(tokens.findAccess(access.hash())).isEmpty();
        assertThat(tokens.findRefresh(refresh.hash())).isEmpty();
        assertThat(tokens.findAccess(otherAccess.hash())).contains(otherAccess);
    }

    @Test
    void failsAsUnavailableWhenTheDatabaseIsGone() {
        String family = Fixtures.newHash();
        AccessToken access = access(family, Fixtures.grant(client, "alice"), Fixtures.NOW.plusSeconds(60));
        JdbiTokenStore shared = JdbiTokenStore.sharingLookups(database.jdbi());
        database.close();

        String message = "token store unavailable";
        assertUnavailable(message, () -> tokens.issue(access, Optional.empty()));
        assertUnavailable(message, () -> tokens.findAccess(access.hash()));
        assertUnavailable(message, () -> shared.findAccess(access.hash()));
        assertUnavailable(message, () -> tokens.findRefresh(access.hash()));
        assertUnavailable(message, () -> tokens.useRefresh(access.hash()));
        assertUnavailable(message, () -> tokens.revokeFamily(family));
    }

    @Test
    void concurrentLookupsEachFindTheirOwnTokenAndNoRevokedOne() throws Exception {
        assertConcurrentLookupsFindTheirOwn(tokens);
    }

    @Test
    void concurrentSharedLookupsEachFindTheirOwnTokenAndNoRevokedOne() throws Exception {
        assertConcurrentLookupsFindTheirOwn(JdbiTokenStore.sharingLookups(database.jdbi()));
    }

    @Test
    void aSharedLookupFindsTokensIssuedThroughAnyStoreAndNotThoseRevoked() {
        JdbiTokenStore shared = JdbiTokenStore.sharingLookups(database.jdbi());
        AccessToken access = access(Fixtures.newHash(), Fixtures.grant(client, "alice"), Fixtures.NOW.plusSeconds(60));
        tokens.issue(access, Optional.empty());

        assertThat(shared.findAccess(access.hash())).contains(access);
        assertThat(shared.findAccess(Fixtures.newHash())).isEmpty();
        tokens.revokeFamily(access.familyId());
        assertThat(shared.findAccess(access.hash())).isEmpty();
    }

    private void assertConcurrentLookupsFindTheirOwn(JdbiTokenStore store) throws Exception {
        List<AccessToken> live = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            AccessToken token =
                    access(Fixtures.newHash(), Fixtures.grant(client, "user" + i), Fixtures.NOW.plusSeconds(60));
            store.issue(token, Optional.empty());
            live.add(token);
        }
        AccessToken revoked =
                access(Fixtures.newHash(), Fixtures.grant(client, "mallory"), Fixtures.NOW.plusSeconds(60));
        store.issue(revoked, Optional.empty());
        store.revokeFamily(revoked.familyId());
        var next = new AtomicInteger();

        // Each racer looks up its own token, an unknown hash and the revoked token, many times over.
        List<Boolean> allRight = Race.run(RACERS, () -> {
            AccessToken mine = live.get(next.getAndIncrement());
            for (int round = 0; round < 50; round++) {
                if (!store.findAccess(mine.hash()).equals(Optional.of(mine))
                        || store.findAccess(Fixtures.newHash()).isPresent()
                        || store.findAccess(revoked.hash()).isPresent()) {
                    return false;
                }
            }
            return true;
        });

        assertThat(allRight).containsOnly(true);
    }

    private static AccessToken access(String family, TokenGrant grant, Instant expiresAt) {
        return new AccessToken(Fixtures.newHash(), family, grant, Fixtures.NOW, expiresAt);
    }

    private static RefreshToken refresh(String family, TokenGrant grant) {
        return new RefreshToken(Fixtures.newHash(), family, grant, Fixtures.NOW, Fixtures.NOW.plusSeconds(86_400));
    }
}
