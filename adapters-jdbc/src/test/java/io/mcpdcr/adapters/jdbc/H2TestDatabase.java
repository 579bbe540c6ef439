package io.mcpdcr.adapters.jdbc;

import java.util.UUID;

/** URLs of in-memory H2 databases in PostgreSQL mode, as the default embedded setup runs them. */
final class H2TestDatabase {
    private H2TestDatabase() {}

    /**
     * A new database's URL; the random name isolates the suite, and DB_CLOSE_DELAY keeps the database between the
     * tests' pools.
     */
    static String newUrl(String name) {
        return "jdbc:h2:mem:" + name + "-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    }
}
