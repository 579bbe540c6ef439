package io.mcpdcr.application.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.port.ResourceServerAdministration;
import io.mcpdcr.domain.authorization.AuthorizationRequestPolicy;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.token.ResourceServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManageResourceServersTest {
    private final Servers store = new Servers();
    private final ManageResourceServers servers =
            new ManageResourceServers(store, new AuthorizationRequestPolicy(ScopeSet.EMPTY, Set.of()));

    @Test
    void addsAServerAndAnswersItsCredentialsOnce() {
        assertThat(servers.add("weather", Optional.of("https://mcp.example.com/mcp")))
                .isEqualTo(new ManageResourceServers.Addition.Added(
                        new ResourceServerAdministration.Credentials("rs_weather", "secret")));
        assertThat(servers.list()).extracting(ResourceServer::name).containsExactly("weather");
    }

    @Test
    void aTakenNameABadNameAndABadResourceAreOutcomesAndStoreNothingNew() {
        servers.add("weather", Optional.empty());

        assertThat(servers.add("weather", Optional.empty())).isEqualTo(
                new ManageResourceServers.Addition.Refused("a resource server with this name exists"));
        assertThat(servers.add(" ", Optional.empty())).isInstanceOf(ManageResourceServers.Addition.Refused.class);
        assertThat(servers.add("x".repeat(ResourceServer.MAX_NAME + 1), Optional.empty()))
                .isInstanceOf(ManageResourceServers.Addition.Refused.class);
        assertThat(servers.add("other", Optional.of("not a uri#frag")))
                .isInstanceOf(ManageResourceServers.Addition.BadResource.class);

        assertThat(store.added).containsExactly("weather");
    }

    /** Servers by name; a taken name is refused as the database's unique name is. */
    private static final class Servers implements ResourceServerAdministration {
        private final List<String> added = new ArrayList<>();

        @Override
        public Optional<Credentials> add(String name, Optional<String> resource) {
            if (added.contains(name)) {
                return Optional.empty();
            }
            added.add(name);
            return Optional.of(new Credentials("rs_" + name, "secret"));
        }

        @Override
        public List<ResourceServer> list() {
            return added.stream().map(name -> new ResourceServer("rs_" + name, name, Optional.empty())).toList();
        }

        @Override
        public boolean remove(String nameOrId) {
            return added.remove(nameOrId);
        }
    }
}
