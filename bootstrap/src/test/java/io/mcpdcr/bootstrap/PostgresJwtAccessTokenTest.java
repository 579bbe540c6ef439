package io.mcpdcr.bootstrap;

import io.mcpdcr.adapters.jdbc.PostgresTestDatabase;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** JWT access tokens on PostgreSQL, in a fresh schema (skipped loudly, or failed in CI, when it is down). */
class PostgresJwtAccessTokenTest extends JwtAccessTokenContract {
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

    @Override
    Map<String, String> databaseEnv() {
        return Map.of("DCR_DB_URL", postgres.url());
    }
}
