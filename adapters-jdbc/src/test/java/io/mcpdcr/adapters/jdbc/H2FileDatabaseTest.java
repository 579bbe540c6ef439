package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientMetadata;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.registration.RegistrationSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded file database the server uses by default: durable, migrated once, shareable while open. */
class H2FileDatabaseTest {
    private static final ClientRegistration CLIENT = new ClientRegistration(
            new ClientId("file-client"),
            new ClientMetadata("File client", List.of("http://localhost:3000/cb"), List.of("authorization_code"),
                    List.of("code"), "none", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty()),
            Instant.parse("2026-01-02T03:04:05.678901Z"),
            new RegistrationSource("127.0.0.1", Optional.of("curl/8.5.0")));

    @TempDir
    Path dir;

    @Test
    void keepsClientsAndAppliesNoMigrationOnReopen() {
        String url = Database.h2FileUrl(dir.resolve("dcr"));
        int migrationsAfterCreate;
        try (Database database = Database.open(url, "", "", 2)) {
            new JdbiClientRegistry(database.jdbi()).add(CLIENT);
            migrationsAfterCreate = appliedMigrations(database);
        }

        try (Database database = Database.open(url, "", "", 2)) {
            assertThat(appliedMigrations(database)).isEqualTo(migrationsAfterCreate).isPositive();
            assertThat(new JdbiClientRegistry(database.jdbi()).find(CLIENT.id())).contains(CLIENT);
        }
        assertThat(dir.resolve("dcr.mv.db")).exists();
    }

    @Test
    void letsASecondProcessOpenTheFileWhileTheServerHoldsIt() {
        String url = Database.h2FileUrl(dir.resolve("shared"));
        try (Database server = Database.open(url, "", "", 2); Database admin = Database.open(url, "", "", 1)) {
            new JdbiClientRegistry(server.jdbi()).add(CLIENT);

            assertThat(new JdbiClientRegistry(admin.jdbi()).find(CLIENT.id())).contains(CLIENT);
        }
    }

    @Test
    void buildsAnAbsoluteUrlInPostgresqlMode() {
        assertThat(Database.h2FileUrl(Path.of("data", "dcr")))
                .isEqualTo("jdbc:h2:file:" + Path.of("data", "dcr").toAbsolutePath()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE"
                        + ";WRITE_DELAY=0;CACHE_SIZE=16384");
    }

    private static int appliedMigrations(Database database) {
        return database.jdbi().withHandle(handle -> handle
                .createQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success")
                .mapTo(Integer.class)
                .one());
    }
}
