package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2AuthorizationCodeStoreTest extends AuthorizationCodeStoreContract {
    private static final String URL = H2TestDatabase.newUrl("authorization-code-store");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
