package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2TokenStoreTest extends TokenStoreContract {
    private static final String URL = H2TestDatabase.newUrl("token-store");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
