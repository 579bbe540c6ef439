package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode, as the default embedded setup runs it. */
class H2ClientRegistryTest extends ClientRegistryContract {
    private static final String URL = H2TestDatabase.newUrl("clients");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
