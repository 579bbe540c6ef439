package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2AllowedApplicationsTest extends AllowedApplicationsContract {
    private static final String URL = H2TestDatabase.newUrl("allowed-applications");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
