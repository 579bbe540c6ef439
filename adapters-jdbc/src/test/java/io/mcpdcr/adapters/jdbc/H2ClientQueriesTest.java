package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2ClientQueriesTest extends ClientQueriesContract {
    private static final String URL = H2TestDatabase.newUrl("client-queries");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
