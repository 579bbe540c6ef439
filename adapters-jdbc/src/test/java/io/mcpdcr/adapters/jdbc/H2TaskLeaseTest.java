package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2TaskLeaseTest extends TaskLeaseContract {
    private static final String URL = H2TestDatabase.newUrl("task-lease");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
