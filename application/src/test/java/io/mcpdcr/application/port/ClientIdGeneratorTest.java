package io.mcpdcr.application.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.registration.ClientId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClientIdGeneratorTest {
    private static final int DRAWS = 10_000;
    private static final int TIME_DIGITS = 12;

    private final ClientIdGenerator generator = ClientIdGenerator.secureRandom();
    private final List<String> ids = IntStream.range(0, DRAWS)
            .mapToObj(i -> generator.next())
            .map(ClientId::value)
            .toList();

    @Test
    void idsCarryAtLeast128RandomBitsAfterTheirTime() {
        // RFC 6749 §10.10 / RFC 9700 §4.1: identifiers must not be guessable; the 12 hex digits of time are not random.
        assertThat(ids).allSatisfy(id -> assertThat(Base64.getUrlDecoder().decode(id.substring(TIME_DIGITS)))
                .hasSizeGreaterThanOrEqualTo(16));
    }

    @Test
    void idsStartWithTheTimeTheyWereDrawnSoLaterIdsSortAfter() {
        long before = System.currentTimeMillis();
        List<String> drawn = IntStream.range(0, DRAWS).mapToObj(i -> generator.next().value()).toList();
        long after = System.currentTimeMillis();

        List<Long> times = drawn.stream().map(id -> Long.parseLong(id.substring(0, TIME_DIGITS), 16)).toList();
        assertThat(times).isSorted().allSatisfy(time -> assertThat(time).isBetween(before, after));
        for (int i = 1; i < drawn.size(); i++) {
            if (times.get(i) > times.get(i - 1)) {
                assertThat(drawn.get(i)).isGreaterThan(drawn.get(i - 1));
            }
        }
    }

    @Test
    void idsAreUrlSafe() {
        // RFC 4648 §5 alphabet, no padding: the id goes into query strings unescaped.
        assertThat(ids).allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9_-]+"));
    }

    @Test
    void idsNeverStartLikeACommandLineOption() {
        // About 3% of base64url strings start with "-" or "_"; 10,000 draws would show one.
        assertThat(ids).allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9].*"));
    }

    @Test
    void idsAreUnique() {
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void idsDrawnOnManyThreadsAreUnique() throws Exception {
        // Each thread draws from a generator of its own: they must be seeded apart.
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> draws = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                draws.add(threads.submit(() -> IntStream.range(0, DRAWS / 8)
                        .mapToObj(i -> generator.next().value()).toList()));
            }
            List<String> all = new ArrayList<>(ids);
            for (Future<List<String>> draw : draws) {
                all.addAll(draw.get(30, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(DRAWS * 2).doesNotHaveDuplicates();
        } finally {
            threads.shutdownNow();
        }
    }
}
