package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.adapters.jdbc.JdbiAuditLog;
import io.mcpdcr.adapters.jdbc.JdbiClientMaintenance;
import io.mcpdcr.adapters.jdbc.JdbiMonitoringStore;
import io.mcpdcr.adapters.jdbc.JdbiTaskLease;
import io.mcpdcr.adapters.jdbc.PostgresTestDatabase;
import io.mcpdcr.application.monitoring.PruneClients;
import io.mcpdcr.application.monitoring.PurgeExpiredData;
import io.mcpdcr.application.monitoring.ScanForAbuse;
import io.mcpdcr.application.port.TaskLease;
import io.mcpdcr.domain.monitoring.AbusePolicy;
import io.mcpdcr.domain.monitoring.AbuseThresholds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two instances' schedulers on one PostgreSQL: each task runs on one of them at a time. */
class RecurringTasksTest {
    private static final Settings.TaskIntervals HOURLY =
            new Settings.TaskIntervals(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));
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

    @BeforeEach
    void freeEveryLease() {
        try (Database database = Database.open(postgres.url(), "", "", 1)) {
            database.jdbi().useHandle(handle -> handle.execute("DELETE FROM task_lease"));
        }
    }

    @Test
    void twoSchedulersOnOneDatabaseRunEachTaskOnce() throws Exception {
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-28T12:00:00Z"));
        try (Database first = Database.open(postgres.url(), "", "", 4);
                Database second = Database.open(postgres.url(), "", "", 4)) {
            List<RecurringTasks> instances = List.of(tasks(first, clock), tasks(second, clock));
            for (String task : List.of(RecurringTasks.PRUNE, RecurringTasks.PURGE, RecurringTasks.SCAN)) {
                List<Boolean> ran = race(instances, task);
                assertThat(ran).as(task).containsExactlyInAnyOrder(true, false);
                // Within the interval the instance that lost cannot run the task either.
                assertThat(instances.get(ran.indexOf(false)).runNow(task)).as(task + " again").isFalse();
            }
        }
    }

    @Test
    void theNextIntervalRunsAgain() {
        var later = new java.util.concurrent.atomic.AtomicReference<>(Instant.parse("2026-11-28T12:00:00Z"));
        InstantSource clock = later::get;
        try (Database database = Database.open(postgres.url(), "", "", 2)) {
            RecurringTasks tasks = tasks(database, clock);
            assertThat(tasks.runNow(RecurringTasks.PURGE)).isTrue();
            later.set(later.get().plus(Duration.ofMinutes(61)));
            assertThat(tasks(database, clock).runNow(RecurringTasks.PURGE)).as("another instance, next hour").isTrue();
        }
    }

    @Test
    void aTaskThatMeetsAnErrorRunsAgainAtItsNextInterval() throws Exception {
        var often = new Settings.TaskIntervals(Duration.ofMillis(100), Duration.ofHours(1), Duration.ofHours(1));
        var runs = new java.util.concurrent.atomic.AtomicInteger();
        try (Database database = Database.open(postgres.url(), "", "", 2)) {
            var leases = new JdbiTaskLease(database.jdbi());
            TaskLease failingOnce = new TaskLease() {
                @Override
                public boolean tryAcquire(String task, String holder, Instant now, Duration ttl) {
                    if (runs.incrementAndGet() == 1) {
                        throw new OutOfMemoryError("injected");
                    }
                    leases.release(task, holder);
                    return leases.tryAcquire(task, holder, now, ttl);
                }

                @Override
                public void release(String task, String holder) {
                    leases.release(task, holder);
                }
            };
            try (var tasks = tasks(database, InstantSource.system(), failingOnce, often)) {
                tasks.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (runs.get() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
        }
        assertThat(runs.get()).as("runs after an Error on the first").isGreaterThanOrEqualTo(3);
    }

    private static List<Boolean> race(List<RecurringTasks> instances, String task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(instances.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> runs = new ArrayList<>();
            for (RecurringTasks instance : instances) {
                runs.add(pool.submit((Callable<Boolean>) () -> {
                    start.await();
                    return instance.runNow(task);
                }));
            }
            start.countDown();
            List<Boolean> ran = new ArrayList<>();
            for (Future<Boolean> run : runs) {
                ran.add(run.get());
            }
            return ran;
        } finally {
            pool.shutdownNow();
        }
    }

    private static RecurringTasks tasks(Database database, InstantSource clock) {
        return tasks(database, clock, new JdbiTaskLease(database.jdbi()), HOURLY);
    }

    private static RecurringTasks tasks(Database database, InstantSource clock, TaskLease lease,
            Settings.TaskIntervals intervals) {
        var store = new JdbiMonitoringStore(database.jdbi());
        var audit = new JdbiAuditLog(database.jdbi());
        return new RecurringTasks(
                new PruneClients(new JdbiClientMaintenance(database.jdbi(), clock), audit, clock, Duration.ofHours(24),
                        Duration.ofDays(90)),
                new PurgeExpiredData(store, clock, Duration.ofDays(30)),
                new ScanForAbuse(store, new AbusePolicy(AbuseThresholds.defaults()), clock),
                lease, clock, new SimpleMeterRegistry(), intervals);
    }
}
