package io.mcpdcr.adapters.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The upgrade on PostgreSQL, in a schema of its own (one test: the schema starts empty). */
class PostgresMigrationTest extends MigrationContract {
    @RegisterExtension
    static final PostgresSchema POSTGRES = new PostgresSchema();

    @Override
    protected String jdbcUrl() {
        return POSTGRES.url();
    }
}
