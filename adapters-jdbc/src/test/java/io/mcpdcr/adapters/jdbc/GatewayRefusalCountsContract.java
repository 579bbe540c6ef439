package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiGatewayRefusalCounts} must do, whatever the database. */
abstract class GatewayRefusalCountsContract extends DatabaseContract {
    private static final Instant HOUR = Instant.parse("2026-03-08T01:00:00Z");

    private JdbiGatewayRefusalCounts counts;

    @BeforeEach
    void createStore() {
        counts = new JdbiGatewayRefusalCounts(database.jdbi());
    }

    private long refusals(String route, String reason, Instant hour) {
        return database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT COALESCE(SUM(refusals), 0) FROM gateway_refusal_count
                        WHERE route = :route AND reason = :reason AND hour_start = :hour""")
                .bind("route", route).bind("reason", reason).bind("hour", Columns.timestamp(hour))
                .mapTo(Long.class).one());
    }

    @Test
    void addsUpPerHourRouteAndReasonInOneRowEach() {
        counts.add("/mcp", "expired", 3, HOUR.plusSeconds(10));
        counts.add("/mcp", "expired", 4, HOUR.plus(Duration.ofMinutes(59)));
        counts.add("/mcp", "unknown", 1, HOUR);
        counts.add("/github", "expired", 2, HOUR);
        counts.add("/mcp", "expired", 5, HOUR.plus(Duration.ofHours(1)));

        assertThat(refusals("/mcp", "expired", HOUR)).isEqualTo(7);
        assertThat(refusals("/mcp", "unknown", HOUR)).isEqualTo(1);
        assertThat(refusals("/github", "expired", HOUR)).isEqualTo(2);
        assertThat(refusals("/mcp", "expired", HOUR.plus(Duration.ofHours(1)))).isEqualTo(5);
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM gateway_refusal_count")).isEqualTo(4);
    }

    @Test
    void concurrentAddsToANewRowLoseNothing() {
        List<CompletableFuture<Void>> adds = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            adds.add(CompletableFuture.runAsync(() -> counts.add("/mcp", "wrong_audience", 2, HOUR)));
        }
        adds.forEach(CompletableFuture::join);

        assertThat(refusals("/mcp", "wrong_audience", HOUR)).isEqualTo(32);
    }

    @Test
    void thePurgeDeletesCountsOlderThanTheRetention() {
        counts.add("/mcp", "expired", 1, HOUR.minus(Duration.ofDays(40)));
        counts.add("/mcp", "expired", 1, HOUR);

        new JdbiMonitoringStore(database.jdbi()).purge(HOUR, HOUR.minus(Duration.ofDays(30)));

        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM gateway_refusal_count")).isOne();
    }
}
