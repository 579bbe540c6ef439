package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract on PostgreSQL, in a schema of its own; skipped loudly (or failed, if required) when unreachable. */
class PostgresClientRegistryTest extends ClientRegistryContract {
    private static PostgresTestDatabase postgres;

    @BeforeAll
    static void createSchema() throws SQLException {
        postgres = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected String jdbcUrl() {
        return postgres.url();
    }

    @Test
    void boundsEveryStatementWithATimeout() {
        try (Database database = Database.open(jdbcUrl(), "", "", 1)) {
            String timeout = database.jdbi().withHandle(handle ->
                    handle.createQuery("SHOW statement_timeout").mapTo(String.class).one());

            assertThat(timeout).isEqualTo("5s");
        }
    }
}
