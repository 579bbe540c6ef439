package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2DocumentClientCacheTest extends DocumentClientCacheContract {
    private static final String URL = H2TestDatabase.newUrl("document-client-cache");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
