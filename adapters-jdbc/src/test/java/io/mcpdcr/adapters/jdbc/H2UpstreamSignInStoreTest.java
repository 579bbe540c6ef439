package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2UpstreamSignInStoreTest extends UpstreamSignInStoreContract {
    private static final String URL = H2TestDatabase.newUrl("upstream-sign-in");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
