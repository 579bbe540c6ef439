package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2ClientMaintenanceTest extends ClientMaintenanceContract {
    private static final String URL = H2TestDatabase.newUrl("client-maintenance");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
