package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2RegistrationStoreTest extends RegistrationStoreContract {
    private static final String URL = H2TestDatabase.newUrl("registration-store");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
