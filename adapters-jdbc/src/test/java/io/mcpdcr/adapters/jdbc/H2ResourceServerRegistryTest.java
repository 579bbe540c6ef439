package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2ResourceServerRegistryTest extends ResourceServerRegistryContract {
    private static final String URL = H2TestDatabase.newUrl("resource-server-registry");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
