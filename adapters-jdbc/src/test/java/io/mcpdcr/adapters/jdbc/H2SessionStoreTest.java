package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2SessionStoreTest extends SessionStoreContract {
    private static final String URL = H2TestDatabase.newUrl("session-store");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
