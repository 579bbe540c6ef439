package io.mcpdcr.adapters.jdbc;

/** The contract on in-memory H2 in PostgreSQL mode. */
class H2GatewayRefusalCountsTest extends GatewayRefusalCountsContract {
    private static final String URL = H2TestDatabase.newUrl("gateway-refusal-counts");

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
