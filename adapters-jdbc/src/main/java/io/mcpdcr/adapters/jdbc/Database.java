package io.mcpdcr.adapters.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * A migrated, pooled database: H2 (embedded) or PostgreSQL. Opening it applies pending Flyway migrations, so the
 * schema always matches this code.
 */
public final class Database implements AutoCloseable {
    /** The longest a caller waits for a pooled connection before the database counts as unavailable. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";
    // A stuck query must fail (and become a 503) instead of holding a request thread and a pooled connection.
    private static final String POSTGRESQL_STATEMENT_TIMEOUT = "SET statement_timeout = 5000";

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Flyway flyway;
    private final boolean postgresql;

    private Database(HikariDataSource dataSource, Flyway flyway, boolean postgresql) {
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.postgresql = postgresql;
        this.jdbi = Jdbi.create(dataSource);
        // By default a failed statement's message quotes every bound value (client names, addresses, User-Agents),
        // and such messages end up in logs. The driver's own message, kept as the cause, is enough to diagnose.
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
    }

    /**
     * Connects, migrates and returns the database. Fails at once when it cannot connect or migrate, so a
     * misconfigured server never starts. An empty user or password means "not given": the driver then takes the
     * one in the URL, or its default.
     */
    public static Database open(String jdbcUrl, String user, String password, int maxPoolSize) {
        Database database = connect(jdbcUrl, user, password, maxPoolSize);
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * Connects without migrating, so a host can build the rest while {@link #migrate} runs; no query may run before
     * it has finished. Fails at once when the database is unreachable.
     */
    public static Database connect(String jdbcUrl, String user, String password, int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("dcr");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(emptyToNull(user));
        config.setPassword(emptyToNull(password));
        config.setMaximumPoolSize(maxPoolSize);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(1_000);
        if (jdbcUrl.startsWith(POSTGRESQL_PREFIX)) {
            config.setConnectionInitSql(POSTGRESQL_STATEMENT_TIMEOUT);
            // A batch of INSERTs travels as multi-row INSERTs, a few round trips instead of one per row (the
            // registration store's group commit). A driver property, so a value in the URL still wins.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        // The pool opens first: it fails fast when the database is unreachable, and its connection keeps an
        // in-memory H2 database alive while Flyway works.
        HikariDataSource dataSource = new HikariDataSource(config);
        // Flyway holds two connections at once, more than a pool of one has, and migrations must not be cut
        // short by the statement timeout: it gets connections of its own, closed when it is done.
        Flyway flyway = Flyway.configure()
                .dataSource(jdbcUrl, emptyToNull(user), emptyToNull(password))
                .locations("classpath:db/migration")
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load();
        return new Database(dataSource, flyway, jdbcUrl.startsWith(POSTGRESQL_PREFIX));
    }

    /** Brings the schema up to date (Flyway): a no-op check when it already is. */
    public void migrate() {
        flyway.migrate();
    }

    /**
     * The URL of an embedded H2 database in {@code file} (H2 appends {@code .mv.db}). AUTO_SERVER lets a second
     * process, such as an admin command, open the file while the server holds it. WRITE_DELAY=0 writes every commit
     * to the file before the answer goes out: with H2's default delay a kill -9 lost registrations already answered 201
     * (CrashDurabilityTest). CACHE_SIZE keeps H2's page cache, held on the Java heap, at 16 MB instead of 64: the
     * service's working set (the newest pages of each index) fits, and the heap needs a quarter less.
     */
    public static String h2FileUrl(Path file) {
        return "jdbc:h2:file:" + file.toAbsolutePath().normalize()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE;WRITE_DELAY=0"
                + ";CACHE_SIZE=16384";
    }

    /** PostgreSQL, reached over a network, rather than embedded H2: each query is a round trip. */
    public boolean isPostgresql() {
        return postgresql;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Whether a trivial query succeeds now. Never throws: meant for health checks. */
    public boolean isReachable() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Closes the pool; later calls through {@link #jdbi()} fail. Idempotent. */
    @Override
    public void close() {
        dataSource.close();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
