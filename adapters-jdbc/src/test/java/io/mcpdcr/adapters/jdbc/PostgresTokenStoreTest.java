package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on PostgreSQL, in a schema of its own. */
class PostgresTokenStoreTest extends TokenStoreContract {
    @RegisterExtension
    static final PostgresSchema POSTGRES = new PostgresSchema();

    @Override
    protected String jdbcUrl() {
        return POSTGRES.url();
    }

    @Test
    void knowsItIsPostgresql() {
        // The composition root shares introspection lookups only on PostgreSQL.
        assertThat(database.isPostgresql()).isTrue();
    }
}
