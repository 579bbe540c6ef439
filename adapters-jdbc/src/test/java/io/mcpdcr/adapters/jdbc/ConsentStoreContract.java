package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiConsentStore} must do, whatever the database. */
abstract class ConsentStoreContract extends DatabaseContract {
    private static final Optional<String> NO_RESOURCE = Optional.empty();
    private static final Optional<String> RESOURCE = Optional.of(Fixtures.RESOURCE);

    private JdbiConsentStore consents;
    private ClientId client;

    @BeforeEach
    void createStore() {
        consents = new JdbiConsentStore(database.jdbi());
        client = Fixtures.addClient(database);
    }

    @Test
    void grantsNothingBeforeTheUserRemembersAConsent() {
        assertThat(consents.granted("alice", client, NO_RESOURCE)).isEmpty();
    }

    @Test
    void grantsTheRememberedScopesInTheirOrder() {
        var scopes = ScopeSet.parse("mcp:write mcp:read offline_access");

        consents.remember("alice", client, RESOURCE, scopes);

        assertThat(consents.granted("alice", client, RESOURCE)).hasValueSatisfying(granted ->
                assertThat(List.copyOf(granted.values())).containsExactly("mcp:write", "mcp:read", "offline_access"));
    }

    @Test
    void replacesAnEarlierConsentForTheSameKey() {
        consents.remember("alice", client, RESOURCE, ScopeSet.parse("mcp:read"));

        consents.remember("alice", client, RESOURCE, ScopeSet.parse("mcp:read mcp:write"));

        assertThat(consents.granted("alice", client, RESOURCE)).contains(ScopeSet.parse("mcp:read mcp:write"));
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM consent")).isOne();
    }

    @Test
    void keepsOneConsentPerUserClientAndResource() {
        ClientId otherClient = Fixtures.addClient(database);
        Optional<String> otherResource = Optional.of("https://other.example/mcp");

        consents.remember("alice", client, NO_RESOURCE, ScopeSet.parse("a"));
        consents.remember("alice", client, RESOURCE, ScopeSet.parse("b"));
        consents.remember("alice", client, otherResource, ScopeSet.parse("c"));
        consents.remember("alice", otherClient, RESOURCE, ScopeSet.parse("d"));
        consents.remember("bob", client, RESOURCE, ScopeSet.parse("e"));

        assertThat(consents.granted("alice", client, NO_RESOURCE)).contains(ScopeSet.parse("a"));
        assertThat(consents.granted("alice", client, RESOURCE)).contains(ScopeSet.parse("b"));
        assertThat(consents.granted("alice", client, otherResource)).contains(ScopeSet.parse("c"));
        assertThat(consents.granted("alice", otherClient, RESOURCE)).contains(ScopeSet.parse("d"));
        assertThat(consents.granted("bob", client, RESOURCE)).contains(ScopeSet.parse("e"));
        assertThat(consents.granted("bob", client, NO_RESOURCE)).isEmpty();
    }

    @Test
    void remembersAnEmptyScopeSet() {
        consents.remember("alice", client, NO_RESOURCE, ScopeSet.EMPTY);

        assertThat(consents.granted("alice", client, NO_RESOURCE)).contains(ScopeSet.EMPTY);
    }

    @Test
    void consentsGoWithTheirClient() {
        consents.remember("alice", client, RESOURCE, ScopeSet.parse("mcp:read"));

        Fixtures.deleteClient(database, client);

        assertThat(consents.granted("alice", client, RESOURCE)).isEmpty();
    }

    @Test
    void failsAsUnavailableWhenTheDatabaseIsGone() {
        database.close();

        assertUnavailable("consent store unavailable", () -> consents.granted("alice", client, NO_RESOURCE));
        assertUnavailable("consent store unavailable",
                () -> consents.remember("alice", client, NO_RESOURCE, ScopeSet.parse("mcp:read")));
    }
}
