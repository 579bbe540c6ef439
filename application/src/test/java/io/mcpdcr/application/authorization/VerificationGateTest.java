package io.mcpdcr.application.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerificationGateTest {
    private static final long MIB = 1024 * 1024;

    @ParameterizedTest(name = "{0} MiB of heap, {1} processors: {2} at once")
    @CsvSource(textBlock = """
        112,  2,  1
        64,   2,  1
        32,   8,  1
        256,  2,  4
        256,  16, 6
        1024, 4,  8
        1024, 64, 33
        """)
    void slotsFollowTheHeapAndTheProcessors(long heapMiB, int processors, int slots) {
        assertThat(VerificationGate.slotsFor(heapMiB * MIB, 19 * MIB, processors)).isEqualTo(slots);
    }

    @Test
    void neverRunsMoreThanItsSlotsAtOnce() throws Exception {
        var gate = new VerificationGate(2);
        var running = new AtomicInteger();
        var most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Optional<Boolean>>> runs = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 12; i++) {
            runs.add(pool.submit(() -> gate.run(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                sleep(20);
                running.decrementAndGet();
                return true;
            })));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(most.get()).isEqualTo(2);
        for (Future<Optional<Boolean>> run : runs) {
            assertThat(run.get()).contains(true); // 12 fit in 2 slots and 16 waiting places
        }
    }

    @Test
    void turnsAwayAtOnceBeyondTheWaitingPlacesAndAfterTheLongestWait() throws Exception {
        var gate = new VerificationGate(1);
        var release = new CountDownLatch(1);
        ExecutorService holders = Executors.newCachedThreadPool();
        var entered = new CountDownLatch(1);
        List<Future<Optional<Boolean>>> queued = new CopyOnWriteArrayList<>();
        queued.add(holders.submit(() -> gate.run(() -> {
            entered.countDown();
            await(release);
            return true;
        })));
        entered.await();
        for (int i = 0; i < VerificationGate.WAITERS_PER_SLOT; i++) {
            queued.add(holders.submit(() -> gate.run(() -> true)));
        }
        Thread.sleep(200);

        long start = System.nanoTime();
        assertThat(gate.run(() -> true)).as("no waiting place left").isEmpty();
        assertThat(System.nanoTime() - start).isLessThan(VerificationGate.MAX_WAIT.toNanos() / 2);
        for (Future<Optional<Boolean>> waiter : queued.subList(1, queued.size())) {
            assertThat(waiter.get(5, TimeUnit.SECONDS)).as("waited its longest, then turned away").isEmpty();
        }

        release.countDown();
        assertThat(queued.get(0).get(5, TimeUnit.SECONDS)).contains(true);
        assertThat(gate.run(() -> true)).as("every place is free again").contains(true);
        holders.shutdown();
    }

    @Test
    void aFailingVerificationGivesItsSlotBack() {
        var gate = new VerificationGate(1);

        assertThatThrownBy(() -> gate.run(() -> {
            throw new IllegalStateException("directory down");
        })).hasMessage("directory down");

        assertThat(gate.run(() -> true)).contains(true);
    }

    @Test
    void refusesAGateThatCanRunNothing() {
        assertThatThrownBy(() -> new VerificationGate(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
