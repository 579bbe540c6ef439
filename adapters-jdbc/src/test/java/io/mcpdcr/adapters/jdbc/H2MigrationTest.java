package io.mcpdcr.adapters.jdbc;

/** The upgrade on a fresh in-memory H2 database in PostgreSQL mode. */
class H2MigrationTest extends MigrationContract {
    private final String url = H2TestDatabase.newUrl("migration");

    @Override
    protected String jdbcUrl() {
        return url;
    }
}
