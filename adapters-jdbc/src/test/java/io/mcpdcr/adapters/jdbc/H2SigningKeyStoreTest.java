package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2SigningKeyStoreTest extends SigningKeyStoreContract {
    private static final String URL = H2TestDatabase.newUrl("signing-keys");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
