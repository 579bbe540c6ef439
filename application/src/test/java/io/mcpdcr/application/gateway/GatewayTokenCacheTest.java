package io.mcpdcr.application.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.FlowFixture;
import io.mcpdcr.application.fakes.InMemoryOAuthStores;
import io.mcpdcr.application.port.TokenStore;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.RefreshToken;
import io.mcpdcr.domain.token.TokenGrant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayTokenCacheTest {
    private final FlowFixture flow = new FlowFixture();
    /** The hashes the database was asked for. */
    private final List<String> lookups = new ArrayList<>();
    private Runnable duringLookup = () -> {};
    private final InMemoryOAuthStores stores = new InMemoryOAuthStores();
    private final TokenStore database = new TokenStore() {
        @Override
        public Optional<AccessToken> findAccess(String hash) {
            lookups.add(hash);
            Optional<AccessToken> found = stores.findAccess(hash);
            duringLookup.run();
            return found;
        }

        @Override
        public void issue(AccessToken access, Optional<RefreshToken> refresh) {
            stores.issue(access, refresh);
        }

        @Override
        public Optional<RefreshToken> findRefresh(String hash) {
            return stores.findRefresh(hash);
        }

        @Override
        public RefreshUse useRefresh(String hash) {
            return stores.useRefresh(hash);
        }

        @Override
        public void revokeFamily(String familyId) {
            stores.revokeFamily(familyId);
        }
    };
    private final GatewayTokenCache cache = new GatewayTokenCache(database, flow.clock);

    private AccessToken stored(String hash, String family) {
        var grant = new TokenGrant(new ClientId("inspector"), "alice", ScopeSet.parse("mcp"),
                Optional.of(FlowFixture.RESOURCE));
        var token = new AccessToken(hash, family, grant, FlowFixture.NOW, FlowFixture.NOW.plus(Duration.ofHours(1)));
        database.issue(token, Optional.empty());
        return token;
    }

    @Test
    void aTokenFoundIsServedFromMemoryUntilTheStalenessBound() {
        AccessToken token = stored("h1", "f1");

        assertThat(cache.findAccessForGateway("h1")).contains(token);
        flow.clock.advance(GatewayTokenCache.STALENESS_BOUND.minusMillis(1));
        assertThat(cache.findAccessForGateway("h1")).contains(token);
        assertThat(lookups).containsExactly("h1");

        flow.clock.advance(Duration.ofMillis(1));
        assertThat(cache.findAccessForGateway("h1")).contains(token);
        assertThat(lookups).containsExactly("h1", "h1");
    }

    @Test
    void unknownTokensAreAskedForEveryTimeAndNeverRemembered() {
        cache.findAccessForGateway("made-up");
        cache.findAccessForGateway("made-up");

        assertThat(lookups).containsExactly("made-up", "made-up");
    }

    @Test
    void revokingThroughTheCacheForgetsTheWholeFamilyAtOnce() {
        stored("h1", "f1");
        stored("h2", "f1");
        AccessToken other = stored("h3", "f2");
        cache.findAccessForGateway("h1");
        cache.findAccessForGateway("h2");
        cache.findAccessForGateway("h3");

        cache.revokeFamily("f1");

        assertThat(cache.findAccessForGateway("h1")).isEmpty();
        assertThat(cache.findAccessForGateway("h2")).isEmpty();
        assertThat(cache.findAccessForGateway("h3")).contains(other);
        assertThat(lookups).containsExactly("h1", "h2", "h3", "h1", "h2");
    }

    @Test
    void aLookupThatRacedARevocationDoesNotPutTheRevokedTokenBack() {
        stored("h1", "f1");
        // The row was read, then revoked before the lookup came back.
        duringLookup = () -> {
            duringLookup = () -> {};
            cache.revokeFamily("f1");
        };
        cache.findAccessForGateway("h1");

        assertThat(cache.findAccessForGateway("h1")).isEmpty();
    }

    @Test
    void moreTokensThanTheCacheHoldsStartItAfresh() {
        for (int i = 0; i <= GatewayTokenCache.MAX_ENTRIES; i++) {
            stored("h" + i, "f" + i);
            cache.findAccessForGateway("h" + i);
        }
        lookups.clear();

        cache.findAccessForGateway("h0");
        cache.findAccessForGateway("h" + GatewayTokenCache.MAX_ENTRIES);

        assertThat(lookups).as("the first was dropped, the last kept").containsExactly("h0");
    }
}
