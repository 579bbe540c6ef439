package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2TokenStoreTest extends TokenStoreContract {
    private static final String URL = H2TestDatabase.newUrl("token-store");

    @Override
    protected String jdbcUrl() {
        return URL;
    }

    @Test
    void anEmbeddedDatabaseIsNotTakenForPostgresql() {
        // The composition root shares introspection lookups only on PostgreSQL.
        assertThat(database.isPostgresql()).isFalse();
    }
}
