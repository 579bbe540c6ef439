package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2MonitoringStoreTest extends MonitoringStoreContract {
    private static final String URL = H2TestDatabase.newUrl("monitoring-store");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
