package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2UsedClientAssertionsTest extends UsedClientAssertionsContract {
    private static final String URL = H2TestDatabase.newUrl("used-client-assertions");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
