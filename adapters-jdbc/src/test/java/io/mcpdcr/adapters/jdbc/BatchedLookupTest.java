package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The leader/follower protocol alone, over an in-memory table: nobody is lost, everybody gets their own row. */
@Timeout(60) // a lost caller parks forever: fail instead of hanging the build
class BatchedLookupTest {
    private static final int CALLERS = 32;
    private static final int ROUNDS = 2_000;

    private final Map<Integer, String> table = new ConcurrentHashMap<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> failNext = new AtomicReference<>();
    private final BatchedLookup<Integer, String> lookup = new BatchedLookup<>(keys -> {
        batchSizes.add(keys.size());
        Throwable failure = failNext.getAndSet(null);
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw (RuntimeException) failure;
        }
        Thread.yield(); // a query takes a while: let callers pile up behind it
        Map<Integer, String> rows = new HashMap<>();
        keys.forEach(key -> Optional.ofNullable(table.get(key)).ifPresent(row -> rows.put(key, row)));
        return rows;
    });

    @Test
    void anErrorInTheLeadersQueryReachesItsCallerAndTheLookupCarriesOn() {
        table.put(1, "row-1");
        failNext.set(new OutOfMemoryError("injected"));

        assertThatThrownBy(() -> lookup.find(1)).isInstanceOf(OutOfMemoryError.class);

        assertThat(lookup.find(1)).contains("row-1");
    }

    @Test
    void everyConcurrentCallerGetsItsOwnRowAndQueriesAreShared() throws Exception {
        for (int key = 0; key < CALLERS; key++) {
            table.put(key, "row-" + key);
        }
        var next = new AtomicInteger();

        List<Integer> wrong = Race.run(CALLERS, () -> {
            int mine = next.getAndIncrement();
            int errors = 0;
            for (int round = 0; round < ROUNDS; round++) {
                int key = round % 3 == 0 ? -1 - mine : mine; // every third lookup is for a key without a row
                Optional<String> expected = key < 0 ? Optional.empty() : Optional.of("row-" + key);
                if (!lookup.find(key).equals(expected)) {
                    errors++;
                }
            }
            return errors;
        });

        assertThat(wrong).containsOnly(0);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(CALLERS * ROUNDS);
        assertThat(batchSizes).hasSizeLessThan(CALLERS * ROUNDS); // some queries served several callers
        assertThat(batchSizes).allMatch(size -> size <= BatchedLookup.MAX_BATCH);
    }

    @Test
    void askingTheSameKeyTwiceInOneBatchQueriesItOnce() throws Exception {
        table.put(7, "row-7");

        List<Optional<String>> rows = Race.run(CALLERS, () -> lookup.find(7));

        assertThat(rows).containsOnly(Optional.of("row-7"));
        assertThat(batchSizes).containsOnly(1); // one distinct key per query, however many callers asked
    }

    @Test
    void aRowDeletedBeforeTheCallIsNotFound() {
        table.put(1, "row-1");
        assertThat(lookup.find(1)).contains("row-1");

        table.remove(1);

        assertThat(lookup.find(1)).isEmpty();
    }

    @Test
    void aFailedQueryFailsItsCallersAndTheNextLookupsStillWork() throws Exception {
        table.put(1, "row-1");
        var outage = new IllegalStateException("database down");
        failNext.set(outage);

        assertThatThrownBy(() -> lookup.find(1)).isSameAs(outage);
        failNext.set(outage);
        List<String> outcomes = Race.run(CALLERS, () -> {
            try {
                return lookup.find(1).orElse("none");
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });

        assertThat(outcomes).containsOnly("row-1", "database down").contains("database down");
        assertThat(lookup.find(1)).contains("row-1");
    }

    @Test
    void anInterruptedCallerStillGetsItsAnswerAndKeepsItsInterrupt() {
        table.put(1, "row-1");
        Thread.currentThread().interrupt();

        assertThat(lookup.find(1)).contains("row-1");
        assertThat(Thread.interrupted()).isTrue();
    }
}
