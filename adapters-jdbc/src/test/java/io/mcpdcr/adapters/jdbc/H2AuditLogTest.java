package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2AuditLogTest extends AuditLogContract {
    private static final String URL = H2TestDatabase.newUrl("audit-log");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
