package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.registration.ClientRegistration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.junit.jupiter.api.Test;

/** Upgrading a database that holds rows: the monitoring migration must keep them and give them sound defaults. */
abstract class MigrationContract {
    private static final Instant REGISTERED = Instant.parse("2026-01-02T03:04:05.678901Z");

    private static final String VERSION_2_INSERT = """
            INSERT INTO oauth_client (client_id, client_name, redirect_uris, grant_types, response_types,
                token_endpoint_auth_method, scope, client_uri, logo_uri, tos_uri, policy_uri, contacts, software_id,
                software_version, application_type, issued_at, registered_ip, user_agent)
            VALUES (:client_id, :client_name, :redirect_uris, :grant_types, :response_types,
                :token_endpoint_auth_method, :scope, :client_uri, :logo_uri, :tos_uri, :policy_uri, :contacts,
                :software_id, :software_version, :application_type, :issued_at, :registered_ip, :user_agent)
            """;

    /** An empty database, migrated by nobody yet. */
    protected abstract String jdbcUrl();

    @Test
    void upgradesAVersion2DatabaseKeepingItsClientsAndUsers() {
        Flyway.configure().dataSource(jdbcUrl(), null, null).locations("classpath:db/migration").target("2").load()
                .migrate();
        ClientRegistration client = Fixtures.client("Before monitoring", List.of("http://127.0.0.1/cb"), REGISTERED,
                "192.0.2.1");
        Jdbi version2 = Jdbi.create(jdbcUrl());
        version2.useHandle(handle -> {
            // The columns a client had at version 2: later ones (jwks, jwks_uri) are bound but unused.
            handle.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
            JdbiClientRegistry.bindClient(handle.createUpdate(VERSION_2_INSERT), client).execute();
        });
        version2.useHandle(handle -> handle.execute(
                "INSERT INTO user_account (username, password_hash) VALUES ('alice', 'not a hash')"));
        version2.useHandle(handle -> handle.execute("INSERT INTO consent (username, client_id, resource, scopes,"
                + " granted_at) VALUES ('alice', ?, '', 'mcp', CURRENT_TIMESTAMP)", client.id().value()));

        try (Database database = Database.open(jdbcUrl(), "", "", 2)) {
            assertThat(new JdbiClientRegistry(database.jdbi()).find(client.id())).contains(client);
            assertThat(new JdbiClientQueries(database.jdbi()).show(client.id(), REGISTERED).orElseThrow())
                    .satisfies(details -> {
                        assertThat(details.lastUsed()).isEmpty();
                        assertThat(details.disabledAt()).isEmpty();
                    });
            var maintenance = new JdbiClientMaintenance(database.jdbi(), () -> REGISTERED);
            assertThat(maintenance.neverUsed(REGISTERED.plusSeconds(1))).containsExactly(client.id());
            assertThat(new JdbiUserStore(database.jdbi()).isAdmin("alice")).isFalse();
            // A consent remembered before redirect URIs were recorded answered any loopback port: it is forgotten.
            assertThat(new JdbiConsentStore(database.jdbi()).granted("alice", client.id(), Optional.empty())).isEmpty();
            String version = database.jdbi().withHandle(handle -> handle
                    // The latest applied, by rank: versions are text, and "6" sorts after "11".
                    .select("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                            + " ORDER BY installed_rank DESC LIMIT 1").mapTo(String.class).one());
            assertThat(version).as("migrated to the latest version").isEqualTo("17");
        }
    }
}
