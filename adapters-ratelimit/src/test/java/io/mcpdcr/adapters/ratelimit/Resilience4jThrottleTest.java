package io.mcpdcr.adapters.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.application.port.Throttle.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class Resilience4jThrottleTest {
    private static final RateLimit THREE_PER_TEN_SECONDS = new RateLimit(3, Duration.ofSeconds(10));

    @Test
    void admitsTheCountThenRefusesWithRetryAfterWithinThePeriod() {
        Resilience4jThrottle throttle = new Resilience4jThrottle(THREE_PER_TEN_SECONDS, 100);

        for (int i = 0; i < 3; i++) {
            assertThat(throttle.tryAcquire("203.0.113.9")).isEqualTo(Decision.ADMITTED);
        }
        Decision fourth = throttle.tryAcquire("203.0.113.9");

        assertThat(fourth.admitted()).isFalse();
        assertThat(fourth.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(fourth.retryAfter().toNanos() % 1_000_000_000L).as("whole seconds").isZero();
    }

    @Test
    void keysHaveIndependentBudgets() {
        Resilience4jThrottle throttle = new Resilience4jThrottle(new RateLimit(1, Duration.ofHours(1)), 100);

        assertThat(throttle.tryAcquire("a").admitted()).isTrue();
        assertThat(throttle.tryAcquire("a").admitted()).isFalse();
        assertThat(throttle.tryAcquire("b").admitted()).isTrue();
        assertThat(throttle.tryAcquire("b").admitted()).isFalse();
        assertThat(throttle.keysHeld()).isEqualTo(2);
    }

    @Test
    void permitsComeBackOnceThePeriodHasPassed() throws InterruptedException {
        Resilience4jThrottle throttle = new Resilience4jThrottle(new RateLimit(2, Duration.ofSeconds(1)), 100);
        assertThat(throttle.tryAcquire("k").admitted()).isTrue();
        assertThat(throttle.tryAcquire("k").admitted()).isTrue();
        Decision refused = throttle.tryAcquire("k");
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));

        Thread.sleep(1_100);

        assertThat(throttle.tryAcquire("k").admitted()).isTrue();
        assertThat(throttle.tryAcquire("k").admitted()).isTrue();
        assertThat(throttle.tryAcquire("k").admitted()).isFalse();
    }

    @Test
    void holdsNoMoreLimitersThanMaxKeys() {
        Resilience4jThrottle throttle = new Resilience4jThrottle(THREE_PER_TEN_SECONDS, 1_000);

        IntStream.range(0, 50_000).forEach(i -> throttle.tryAcquire("10.0." + (i >> 8) + "." + (i & 255)));

        assertThat(throttle.keysHeld()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void concurrentAttemptsOnOneKeyAdmitExactlyTheCount() throws Exception {
        Resilience4jThrottle throttle = new Resilience4jThrottle(new RateLimit(50, Duration.ofHours(1)), 100);
        int threads = 8;
        int attemptsEach = 100;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> admitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                admitted.add(pool.submit(() -> {
                    start.await();
                    int n = 0;
                    for (int i = 0; i < attemptsEach; i++) {
                        if (throttle.tryAcquire("shared").admitted()) {
                            n++;
                        }
                    }
                    return n;
                }));
            }
            start.countDown();

            int total = 0;
            for (Future<Integer> f : admitted) {
                total += f.get(10, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void offAlwaysAdmits() {
        Throttle throttle = Resilience4jThrottle.of(Optional.empty(), 1);

        for (int i = 0; i < 1_000; i++) {
            assertThat(throttle.tryAcquire("k")).isEqualTo(Decision.ADMITTED);
        }
    }

    @Test
    void ofBuildsALimitingThrottleWhenALimitIsSet() {
        Throttle throttle = Resilience4jThrottle.of(Optional.of(new RateLimit(1, Duration.ofHours(1))), 10);

        assertThat(throttle.tryAcquire("k").admitted()).isTrue();
        assertThat(throttle.tryAcquire("k").admitted()).isFalse();
    }

    @Test
    void refusesANonPositiveMaxKeys() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Resilience4jThrottle(THREE_PER_TEN_SECONDS, 0));
    }

    // ---- as a failure budget ----

    @Test
    void checksSpendNothingAndHoldNoStateForAKeyThatNeverFailed() {
        Resilience4jThrottle budget = new Resilience4jThrottle(new RateLimit(1, Duration.ofHours(1)), 100);

        for (int i = 0; i < 10; i++) {
            assertThat(budget.check("login:alice")).isEqualTo(Decision.ADMITTED);
        }

        assertThat(budget.keysHeld()).isZero();
    }

    @Test
    void onlySpentFailuresUseTheBudgetUp() {
        Resilience4jThrottle budget = new Resilience4jThrottle(THREE_PER_TEN_SECONDS, 100);

        for (int i = 0; i < 3; i++) {
            assertThat(budget.check("login:alice")).isEqualTo(Decision.ADMITTED);
            budget.spend("login:alice");
        }
        Decision refused = budget.check("login:alice");

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(budget.check("login:bob")).isEqualTo(Decision.ADMITTED);
    }

    @Test
    void aSpentBudgetComesBackOnceThePeriodHasPassed() throws InterruptedException {
        Resilience4jThrottle budget = new Resilience4jThrottle(new RateLimit(1, Duration.ofSeconds(1)), 100);
        budget.spend("k");
        assertThat(budget.check("k").admitted()).isFalse();

        Thread.sleep(1_100);

        assertThat(budget.check("k").admitted()).isTrue();
    }

    @Test
    void anOffLimitIsABudgetNeverSpent() {
        var budget = Resilience4jThrottle.failureBudget(Optional.empty(), 100);
        for (int i = 0; i < 1000; i++) {
            budget.spend("k");
        }

        assertThat(budget.check("k")).isEqualTo(Decision.ADMITTED);
    }
}
