package io.mcpdcr.bench.micro;

import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.adapters.jdbc.JdbiSharedPermits;
import io.mcpdcr.adapters.ratelimit.RateLimit;
import io.mcpdcr.adapters.ratelimit.Resilience4jThrottle;
import io.mcpdcr.adapters.ratelimit.SharedThrottle;
import io.mcpdcr.application.port.Throttle;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a limit shared through PostgreSQL costs per admitted call, next to the instance's own limiter alone: one hot key
 * (the global registration limit: every call updates one row) and a new key per call (a flood of addresses: each
 * call claims a key slot and inserts a row). The limits are too high to refuse, so every call takes a permit. Needs a
 * PostgreSQL at {@code -Dbench.pg.url} (default 127.0.0.1:5432/test); works in a schema of its own, dropped after.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SharedLimitBenchmark {
    private static final RateLimit UNREACHED = new RateLimit(999_999_999, Duration.ofHours(1));
    private final String serverUrl =
            System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private final String schema = "dcr_bench_" + System.nanoTime();
    private final AtomicLong addresses = new AtomicLong();
    private Database database;
    private Throttle local;
    private Throttle shared;

    @Setup(Level.Trial)
    public void connect() throws SQLException {
        execute("CREATE SCHEMA " + schema);
        database = Database.open(serverUrl + "&currentSchema=" + schema, "", "", 8);
        local = new Resilience4jThrottle(UNREACHED, 10_000_000);
        shared = new SharedThrottle("bench", UNREACHED, 10_000_000, new JdbiSharedPermits(database.jdbi(), 10_000_000),
                InstantSource.system());
    }

    @TearDown(Level.Trial)
    public void drop() throws SQLException {
        database.close();
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    @Benchmark
    public boolean localOnly() {
        return local.tryAcquire("register").admitted();
    }

    @Benchmark
    public boolean sharedHotKey() {
        return shared.tryAcquire("register").admitted();
    }

    @Benchmark
    public boolean sharedNewKeyEachCall() {
        return shared.tryAcquire("register:" + addresses.incrementAndGet()).admitted();
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(serverUrl); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
