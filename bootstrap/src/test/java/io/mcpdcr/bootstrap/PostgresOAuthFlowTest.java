package io.mcpdcr.bootstrap;

import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.adapters.jdbc.PostgresTestDatabase;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The MCP client journey on PostgreSQL, in a fresh schema (skipped loudly, or failed in CI, when it is down). */
class PostgresOAuthFlowTest extends OAuthFlowContract {
    private static PostgresTestDatabase postgres;

    @BeforeAll
    static void createSchema() throws Exception {
        postgres = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    /**
     * The tests share the schema, and on PostgreSQL the rate limits live in it: each test starts with fresh limits, as
     * each starts its own server (a flood test spends a minute's token budget of 127.0.0.1).
     */
    @BeforeEach
    void freshLimits() {
        try (Database database = Database.open(postgres.url(), "", "", 1)) {
            database.jdbi().useHandle(handle -> handle.execute("DELETE FROM shared_permit"));
        }
    }

    @Override
    Map<String, String> databaseEnv() {
        return Map.of("DCR_DB_URL", postgres.url());
    }
}
