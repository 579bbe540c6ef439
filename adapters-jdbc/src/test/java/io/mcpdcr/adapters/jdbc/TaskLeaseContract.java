package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiTaskLease} must do, whatever the database. */
abstract class TaskLeaseContract extends DatabaseContract {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration MICRO = Duration.ofNanos(1_000);
    private static final String TASK = "purge";

    private JdbiTaskLease lease;

    @BeforeEach
    void createStore() {
        lease = new JdbiTaskLease(database.jdbi());
    }

    @Test
    void letsOnlyOneOfTwoHoldersHaveTheLease() {
        assertThat(lease.tryAcquire(TASK, "instance-a", NOW, TTL)).isTrue();

        assertThat(lease.tryAcquire(TASK, "instance-b", NOW, TTL)).isFalse();
        assertThat(lease.tryAcquire(TASK, "instance-b", NOW.plus(TTL).minus(MICRO), TTL)).isFalse();
    }

    @Test
    void letsTheHolderRenewItsLease() {
        lease.tryAcquire(TASK, "instance-a", NOW, TTL);

        assertThat(lease.tryAcquire(TASK, "instance-a", NOW.plus(TTL).minus(MICRO), TTL)).isTrue();

        assertThat(lease.tryAcquire(TASK, "instance-b", NOW.plus(TTL), TTL)).as("renewed past the first expiry")
                .isFalse();
        assertThat(lease.tryAcquire(TASK, "instance-b", NOW.plus(TTL).plus(TTL).minus(MICRO), TTL)).isTrue();
    }

    @Test
    void letsAnotherHolderTakeOverOnceTheLeaseHasExpired() {
        lease.tryAcquire(TASK, "instance-a", NOW, TTL);

        assertThat(lease.tryAcquire(TASK, "instance-b", NOW.plus(TTL), TTL)).isTrue();

        assertThat(lease.tryAcquire(TASK, "instance-a", NOW.plus(TTL), TTL)).isFalse();
    }

    @Test
    void freesTheLeaseOnlyWhenItsHolderReleasesIt() {
        lease.tryAcquire(TASK, "instance-a", NOW, TTL);

        lease.release(TASK, "instance-b");
        assertThat(lease.tryAcquire(TASK, "instance-b", NOW, TTL)).isFalse();

        lease.release(TASK, "instance-a");
        assertThat(lease.tryAcquire(TASK, "instance-b", NOW, TTL)).isTrue();
        lease.release("never-taken", "instance-a");
    }

    @Test
    void keepsTheLeasesOfDifferentTasksApart() {
        assertThat(lease.tryAcquire("purge", "instance-a", NOW, TTL)).isTrue();

        assertThat(lease.tryAcquire("scan", "instance-b", NOW, TTL)).isTrue();
        assertThat(lease.tryAcquire("prune", "instance-a", NOW, TTL)).isTrue();
    }

    @Test
    void refusesALeaseOfNoDuration() {
        assertThatThrownBy(() -> lease.tryAcquire(TASK, "instance-a", NOW, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lease.tryAcquire(TASK, "instance-a", NOW, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givesANewLeaseToExactlyOneOfTwoRacingHolders() throws Exception {
        // Repeated on fresh tasks: each round races the first insert of a task's row.
        for (int round = 0; round < 20; round++) {
            String task = "task-" + round;
            var holders = new AtomicInteger();

            List<Boolean> won = Race.run(2,
                    () -> lease.tryAcquire(task, "instance-" + holders.incrementAndGet(), NOW, TTL));

            assertThat(won).as("round " + round).containsExactlyInAnyOrder(true, false);
        }
    }

    @Test
    void givesAnExpiredLeaseToExactlyOneOfManyRacingHolders() throws Exception {
        for (int round = 0; round < 10; round++) {
            String task = "task-" + round;
            lease.tryAcquire(task, "crashed-instance", NOW.minus(TTL), TTL);
            var holders = new AtomicInteger();

            List<Boolean> won = Race.run(8,
                    () -> lease.tryAcquire(task, "instance-" + holders.incrementAndGet(), NOW, TTL));

            assertThat(won).as("round " + round).filteredOn(Boolean::booleanValue).hasSize(1);
        }
    }

    @Test
    void failsAsUnavailableWhenTheDatabaseIsGone() {
        database.close();

        String message = "task lease unavailable";
        assertUnavailable(message, () -> lease.tryAcquire(TASK, "instance-a", NOW, TTL));
        assertUnavailable(message, () -> lease.release(TASK, "instance-a"));
    }
}
