package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on PostgreSQL, in a schema of its own; skipped loudly (or failed, if required) when unreachable. */
class PostgresClientRegistryTest extends ClientRegistryContract {
    @RegisterExtension
    static final PostgresSchema POSTGRES = new PostgresSchema();

    @Override
    protected String jdbcUrl() {
        return POSTGRES.url();
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
