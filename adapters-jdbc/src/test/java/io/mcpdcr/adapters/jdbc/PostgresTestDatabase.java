package io.mcpdcr.adapters.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.opentest4j.TestAbortedException;

/**
 * A fresh, empty schema in the test PostgreSQL ({@code -Ddcr.pg.url}), dropped on {@link #close()}. When PostgreSQL
 * is unreachable the calling suite is skipped loudly, or fails when {@code -Ddcr.pg.required=true} (as in CI).
 * Create one in {@code @BeforeAll} and close it in {@code @AfterAll}. Shared with bootstrap's end-to-end tests.
 */
public final class PostgresTestDatabase implements AutoCloseable {
    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String CONNECT_TIMEOUT_SECONDS = "3";

    private final String serverUrl;
    private final String schema;

    private PostgresTestDatabase(String serverUrl, String schema) {
        this.serverUrl = serverUrl;
        this.schema = schema;
    }

    public static PostgresTestDatabase create() throws SQLException {
        String serverUrl = System.getProperty("dcr.pg.url", DEFAULT_URL);
        String schema = "dcr_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = connect(serverUrl); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        return new PostgresTestDatabase(serverUrl, schema);
    }

    /** The server URL with this schema as the current one, so Flyway and every query land in it. */
    public String url() {
        return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = connect(serverUrl); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static Connection connect(String serverUrl) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
        try {
            return DriverManager.getConnection(serverUrl, properties);
        } catch (SQLException e) {
            throw unreachable(serverUrl, e);
        }
    }

    private static RuntimeException unreachable(String serverUrl, SQLException cause) {
        // Credentials may sit in the query string; name only the server.
        String server = serverUrl.replaceFirst("\\?.*", "");
        String problem = "PostgreSQL at " + server + " is unreachable: " + cause.getMessage();
        if (Boolean.parseBoolean(System.getProperty("dcr.pg.required"))) {
            return new IllegalStateException(
                    problem + " (dcr.pg.required=true, so the PostgreSQL tests must run)", cause);
        }
        System.err.println("""

                ************************************************************************************
                SKIPPING PostgreSQL tests: %s
                To run them, start PostgreSQL on 127.0.0.1:5432 (user postgres, database test)
                or point at another server with -Ddcr.pg.url=jdbc:postgresql://host:port/db?user=...
                ************************************************************************************
                """.formatted(problem));
        return new TestAbortedException(problem, cause); // what a failed JUnit assumption throws: a skip
    }
}
