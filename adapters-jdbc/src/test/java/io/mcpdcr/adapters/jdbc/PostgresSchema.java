package io.mcpdcr.adapters.jdbc;

import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link PostgresTestDatabase} for one test class: created before its tests (or the class is skipped or failed, as
 * that class decides), dropped after them. Register it as a static field with {@code @RegisterExtension}.
 */
final class PostgresSchema implements BeforeAllCallback, AfterAllCallback {
    private PostgresTestDatabase postgres;

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        postgres = PostgresTestDatabase.create();
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (postgres != null) {
            postgres.close();
        }
    }

    String url() {
        return postgres.url();
    }
}
