package io.mcpdcr.bootstrap;

import io.mcpdcr.adapters.jdbc.Database;
import java.util.Map;

/** Reads one number from the configured database: for tests that check what was stored. */
final class DatabaseRows {
    private DatabaseRows() {}

    static long number(Map<String, String> env, String sql) {
        Settings settings = Settings.from(env);
        try (Database database = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), 1)) {
            return database.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
        }
    }
}
