package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2ConsentInteractionStoreTest extends ConsentInteractionStoreContract {
    private static final String URL = H2TestDatabase.newUrl("consent-interaction-store");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
