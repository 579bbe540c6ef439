package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.port.ConsentStore.Remembered;
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
    private static final String CALLBACK = "https://app.example/cb";

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

        consents.remember("alice", client, RESOURCE, scopes, CALLBACK);

        assertThat(consents.granted("alice", client, RESOURCE)).hasValueSatisfying(granted ->
                assertThat(List.copyOf(granted.scopes().values())).containsExactly("mcp:write", "mcp:read", "offline_access"));
    }

    @Test
    void replacesAnEarlierConsentForTheSameKey() {
        consents.remember("alice", client, RESOURCE, ScopeSet.parse("mcp:read"), CALLBACK);

        consents.remember("alice", client, RESOURCE, ScopeSet.parse("mcp:read mcp:write"), CALLBACK);

        assertThat(consents.granted("alice", client, RESOURCE)).contains(new Remembered(ScopeSet.parse("mcp:read mcp:write"), CALLBACK));
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM consent")).isOne();
    }

    @Test
    void keepsOneConsentPerUserClientAndResource() {
        ClientId otherClient = Fixtures.addClient(database);
        Optional<String> otherResource = Optional.of("https://other.example/mcp");

        consents.remember("alice", client, NO_RESOURCE, ScopeSet.parse("a"), CALLBACK);
        consents.remember("alice", client, RESOURCE, ScopeSet.parse("b"), CALLBACK);
        consents.remember("alice", client, otherResource, ScopeSet.parse("c"), CALLBACK);
        consents.remember("alice", otherClient, RESOURCE, ScopeSet.parse("d"), CALLBACK);
        consents.remember("bob", client, RESOURCE, ScopeSet.parse("e"), CALLBACK);

        assertThat(consents.granted("alice", client, NO_RESOURCE)).contains(new Remembered(ScopeSet.parse("a"), CALLBACK));
        assertThat(consents.granted("alice", client, RESOURCE)).contains(new Remembered(ScopeSet.parse("b"), CALLBACK));
        assertThat(consents.granted("alice", client, otherResource)).contains(new Remembered(ScopeSet.parse("c"), CALLBACK));
        assertThat(consents.granted("alice", otherClient, RESOURCE)).contains(new Remembered(ScopeSet.parse("d"), CALLBACK));
        assertThat(consents.granted("bob", client, RESOURCE)).contains(new Remembered(ScopeSet.parse("e"), CALLBACK));
        assertThat(consents.granted("bob", client, NO_RESOURCE)).isEmpty();
    }

    @Test
    void remembersTheRedirectUriOfTheLatestDecision() {
        consents.remember("alice", client, RESOURCE, ScopeSet.parse("mcp:read"), CALLBACK);

        consents.remember("alice", client, RESOURCE, ScopeSet.parse("mcp:read"), "https://app.example/other");

        assertThat(consents.granted("alice", client, RESOURCE))
                .contains(new Remembered(ScopeSet.parse("mcp:read"), "https://app.example/other"));
    }

    @Test
    void remembersAnEmptyScopeSet() {
        consents.remember("alice", client, NO_RESOURCE, ScopeSet.EMPTY, CALLBACK);

        assertThat(consents.granted("alice", client, NO_RESOURCE)).contains(new Remembered(ScopeSet.EMPTY, CALLBACK));
    }

    @Test
    void consentsGoWithTheirClient() {
        consents.remember("alice", client, RESOURCE, ScopeSet.parse("mcp:read"), CALLBACK);

        Fixtures.deleteClient(database, client);

        assertThat(consents.granted("alice", client, RESOURCE)).isEmpty();
    }

    @Test
    void failsAsUnavailableWhenTheDatabaseIsGone() {
        database.close();

        assertUnavailable("consent store unavailable", () -> consents.granted("alice", client, NO_RESOURCE));
        assertUnavailable("consent store unavailable",
                () -> consents.remember("alice", client, NO_RESOURCE, ScopeSet.parse("mcp:read"), CALLBACK));
    }
}
