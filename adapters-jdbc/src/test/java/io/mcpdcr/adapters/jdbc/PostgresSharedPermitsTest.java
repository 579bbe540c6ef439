package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.port.SharedPermits.Take;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link JdbiSharedPermits} on PostgreSQL, the only database it runs on (H2 is one instance's own and keeps its limits
 * in memory): exact under concurrency, fresh per window, bounded in keys per window, purged when windows end.
 */
class PostgresSharedPermitsTest extends DatabaseContract {
    @RegisterExtension
    static final PostgresSchema POSTGRES = new PostgresSchema();

    private static final Instant START = Instant.parse("2026-12-08T10:00:00Z");
    private static final Instant END = START.plus(Duration.ofHours(1));
    private static final int MAX_KEYS = 50;

    private JdbiSharedPermits permits;

    @Override
    protected String jdbcUrl() {
        return POSTGRES.url();
    }

    @BeforeEach
    void createStore() {
        permits = new JdbiSharedPermits(database.jdbi(), MAX_KEYS);
    }

    @Test
    void manyThreadsTakeExactlyTheLimitOfOneKeyAndNoMore() throws Exception {
        AtomicInteger taken = new AtomicInteger();
        // 32 threads, 25 attempts each: 800 attempts at a limit of 300, the first ones racing to create the row.
        List<List<Take>> answers = Race.run(32, () -> {
            List<Take> mine = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                mine.add(permits.take("register-global", "register", START, END, 300));
            }
            return mine;
        });
        answers.forEach(mine -> mine.forEach(take -> {
            if (take == Take.TAKEN) {
                taken.incrementAndGet();
            } else {
                assertThat(take).isEqualTo(Take.EXHAUSTED);
            }
        }));
        assertThat(taken).hasValue(300);
        assertThat(permits.taken("register-global", "register", START)).isEqualTo(300);
    }

    @Test
    void eachKeyLimitAndWindowCountsOnItsOwn() {
        for (int i = 0; i < 5; i++) {
            assertThat(permits.take("register-ip", "register:192.0.2.1", START, END, 5)).isEqualTo(Take.TAKEN);
        }
        assertThat(permits.take("register-ip", "register:192.0.2.1", START, END, 5)).isEqualTo(Take.EXHAUSTED);

        assertThat(permits.take("register-ip", "register:192.0.2.2", START, END, 5)).as("another key").isEqualTo(Take.TAKEN);
        assertThat(permits.take("login-ip", "register:192.0.2.1", START, END, 5)).as("another limit").isEqualTo(Take.TAKEN);
        assertThat(permits.taken("register-ip", "register:192.0.2.1", START)).isEqualTo(5);
        assertThat(permits.taken("register-ip", "register:192.0.2.9", START)).isZero();
        assertThat(permits.take("register-ip", "register:192.0.2.1", END, END.plus(Duration.ofHours(1)), 5))
                .as("the next window").isEqualTo(Take.TAKEN);
        assertThat(permits.taken("register-ip", "register:192.0.2.1", END)).isEqualTo(1);
    }

    @Test
    void aFloodOfDistinctKeysAddsAtMostTheCapOfRowsPerWindowAndLeavesTheRestUntracked() {
        List<Take> answers = new ArrayList<>();
        for (int i = 0; i < 3 * MAX_KEYS; i++) {
            answers.add(permits.take("register-ip", "register:198.51.100." + i, START, END, 5));
        }
        assertThat(answers.subList(0, MAX_KEYS)).containsOnly(Take.TAKEN);
        assertThat(answers.subList(MAX_KEYS, answers.size())).containsOnly(Take.UNTRACKED);
        // One row per tracked key and the row counting them.
        assertThat(rows()).isEqualTo(MAX_KEYS + 1);

        // A tracked key stays counted, even refused, and refusals claim no more slots.
        for (int i = 0; i < 10; i++) {
            permits.take("register-ip", "register:198.51.100.0", START, END, 5);
        }
        assertThat(permits.take("register-ip", "register:198.51.100.0", START, END, 5)).isEqualTo(Take.EXHAUSTED);
        assertThat(rows()).isEqualTo(MAX_KEYS + 1);
        // Another limit has its own slots.
        assertThat(permits.take("login-ip", "login:198.51.100.0", START, END, 5)).isEqualTo(Take.TAKEN);
    }

    @Test
    void theFirstKeyOfAWindowDeletesTheLimitsEndedWindows() {
        for (int i = 0; i < 10; i++) {
            permits.take("token-ip", "token:198.51.100." + i, START, END, 600);
        }
        permits.take("login-ip", "login:198.51.100.1", START, END, 30);
        assertThat(rows()).isEqualTo(10 + 1 + 2);

        assertThat(permits.take("token-ip", "token:203.0.113.1", END, END.plus(Duration.ofHours(1)), 600))
                .isEqualTo(Take.TAKEN);

        // The new window's key and its count; the other limit's window is its own to clear.
        assertThat(rows()).isEqualTo(2 + 2);
        assertThat(permits.taken("login-ip", "login:198.51.100.1", START)).isEqualTo(1);
    }

    @Test
    void thePurgeDeletesEndedWindowsOnly() {
        // A limit no one spent since its window ended: only the purge clears it.
        permits.take("register-ip", "register:192.0.2.1", START, END, 5);
        permits.take("login-ip", "login:192.0.2.1", END, END.plus(Duration.ofHours(1)), 5);

        var counts = new JdbiMonitoringStore(database.jdbi()).purge(END.plusSeconds(1), START.minus(Duration.ofDays(90)));

        assertThat(counts.codes()).as("a key's row and its window's key count").isEqualTo(2);
        assertThat(permits.taken("register-ip", "register:192.0.2.1", START)).isZero();
        assertThat(permits.taken("login-ip", "login:192.0.2.1", END)).isEqualTo(1);
    }

    @Test
    void aKeyLongerThanTheColumnIsCountedByItsHash() {
        String host = "register-host:" + "a".repeat(250) + ".example";
        assertThat(permits.take("register-host", host, START, END, 1)).isEqualTo(Take.TAKEN);
        assertThat(permits.take("register-host", host, START, END, 1)).isEqualTo(Take.EXHAUSTED);
        assertThat(permits.take("register-host", host + "x", START, END, 1)).isEqualTo(Take.TAKEN);
    }

    @Test
    void aFailingDatabaseSurfacesAsUnavailable() {
        database.close();
        assertUnavailable("shared limits unavailable",
                () -> permits.take("register-ip", "register:192.0.2.1", START, END, 5));
    }

    private int rows() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM shared_permit")
                .mapTo(Integer.class).one());
    }
}
