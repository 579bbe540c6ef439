package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2UserStoreTest extends UserStoreContract {
    private static final String URL = H2TestDatabase.newUrl("user-store");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
