package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.port.ResourceServerAdministration.Credentials;
import io.mcpdcr.domain.token.OpaqueToken;
import io.mcpdcr.domain.token.ResourceServer;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiResourceServerRegistry} must do, whatever the database. */
abstract class ResourceServerRegistryContract extends DatabaseContract {
    private JdbiResourceServerRegistry registry;

    @BeforeEach
    void createStore() {
        registry = new JdbiResourceServerRegistry(database.jdbi());
    }

    @Test
    void authenticatesWithTheCredentialsThatAddingReturned() {
        Credentials credentials = registry.add("files", Optional.of(Fixtures.RESOURCE)).orElseThrow();

        assertThat(registry.authenticate(credentials.id(), credentials.secret()))
                .contains(new ResourceServer(credentials.id(), "files", Optional.of(Fixtures.RESOURCE)));
    }

    @Test
    void drawsUrlSafeIdsAndSecretsAndStoresOnlyTheSecretsHash() {
        Credentials credentials = registry.add("files", Optional.empty()).orElseThrow();

        assertThat(credentials.id()).matches("rs_[A-Za-z0-9_-]{22}");
        assertThat(credentials.secret()).matches("[A-Za-z0-9_-]{43}");
        String stored = database.jdbi().withHandle(handle -> handle
                .select("SELECT secret_hash FROM resource_server WHERE id = ?", credentials.id())
                .mapTo(String.class)
                .one());
        assertThat(stored).isEqualTo(OpaqueToken.hash(credentials.secret()));
    }

    @Test
    void refusesAWrongSecretAnUnknownIdAndAnotherServersSecret() {
        Credentials files = registry.add("files", Optional.empty()).orElseThrow();
        Credentials mail = registry.add("mail", Optional.empty()).orElseThrow();

        assertThat(registry.authenticate(files.id(), files.secret() + "x")).isEmpty();
        assertThat(registry.authenticate(files.id(), mail.secret())).isEmpty();
        assertThat(registry.authenticate("rs_unknown", files.secret())).isEmpty();
        assertThat(registry.authenticate(files.secret(), files.secret())).isEmpty();
    }

    @Test
    void refusesATakenNameAndKeepsTheFirstServer() {
        Credentials first = registry.add("files", Optional.empty()).orElseThrow();

        assertThat(registry.add("files", Optional.of(Fixtures.RESOURCE))).isEmpty();
        assertThat(registry.list()).containsExactly(new ResourceServer(first.id(), "files", Optional.empty()));
    }

    @Test
    void storesTheLongestNameTheDomainAllows() {
        Credentials longest = registry.add("n".repeat(ResourceServer.MAX_NAME), Optional.empty()).orElseThrow();

        assertThat(registry.authenticate(longest.id(), longest.secret())).isPresent();
    }

    @Test
    void listsServersByNameTheSameOnEveryDatabase() {
        Credentials mail = registry.add("mail", Optional.of("https://mail.example/mcp")).orElseThrow();
        Credentials files = registry.add("files", Optional.empty()).orElseThrow();
        Credentials calendar = registry.add("Calendar", Optional.empty()).orElseThrow();

        assertThat(registry.list()).containsExactly(
                new ResourceServer(calendar.id(), "Calendar", Optional.empty()),
                new ResourceServer(files.id(), "files", Optional.empty()),
                new ResourceServer(mail.id(), "mail", Optional.of("https://mail.example/mcp")));
    }

    @Test
    void removesByIdOrByName() {
        Credentials files = registry.add("files", Optional.empty()).orElseThrow();
        Credentials mail = registry.add("mail", Optional.empty()).orElseThrow();

        assertThat(registry.remove(files.id())).isTrue();
        assertThat(registry.remove("mail")).isTrue();

        assertThat(registry.list()).isEmpty();
        assertThat(registry.authenticate(files.id(), files.secret())).isEmpty();
        assertThat(registry.authenticate(mail.id(), mail.secret())).isEmpty();
        assertThat(registry.remove("mail")).isFalse();
    }

    @Test
    void failsAsUnavailableWhenTheDatabaseIsGone() {
        database.close();

        String message = "resource server registry unavailable";
        assertUnavailable(message, () -> registry.add("files", Optional.empty()));
        assertUnavailable(message, registry::list);
        assertUnavailable(message, () -> registry.remove("files"));
        assertUnavailable(message, () -> registry.authenticate("rs_x", "secret"));
    }
}
