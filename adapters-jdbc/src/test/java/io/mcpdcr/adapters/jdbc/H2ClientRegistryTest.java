package io.mcpdcr.adapters.jdbc;

import java.util.UUID;

/** The contract on in-memory H2 in PostgreSQL mode, as the default embedded setup runs it. */
class H2ClientRegistryTest extends ClientRegistryContract {
    // DB_CLOSE_DELAY keeps the database between the tests' pools; the random name isolates this suite.
    private static final String URL = "jdbc:h2:mem:clients-" + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
