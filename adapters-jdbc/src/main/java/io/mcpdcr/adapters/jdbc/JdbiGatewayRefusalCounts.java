package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.GatewayRefusalCounts;
import io.mcpdcr.application.port.StoreUnavailableException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Refused gateway tokens in {@code gateway_refusal_count}, one row per hour, route and reason: the same portable upsert
 * as the throttle counts of {@link JdbiAuditLog} (update, else insert, else update again), safe with several instances.
 */
public final class JdbiGatewayRefusalCounts implements GatewayRefusalCounts {
    // Column sizes of V11__gateway_refusal_count.sql.
    static final int MAX_ROUTE = 200;
    static final int MAX_REASON = 32;
    private static final int ATTEMPTS = 3;
    private static final String ADD = """
            UPDATE gateway_refusal_count SET refusals = refusals + :refusals
            WHERE hour_start = :hour_start AND route = :route AND reason = :reason
            """;
    private static final String INSERT = """
            INSERT INTO gateway_refusal_count (hour_start, route, reason, refusals)
            VALUES (:hour_start, :route, :reason, :refusals)
            ON CONFLICT DO NOTHING
            """;

    private final StoreCalls calls;

    public JdbiGatewayRefusalCounts(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "gateway refusal counts");
    }

    @Override
    public void add(String route, String reason, long refusals, Instant at) {
        String storedRoute = Columns.storable(route, MAX_ROUTE);
        String storedReason = Columns.storable(reason, MAX_REASON);
        OffsetDateTime hourStart = Columns.timestamp(at.truncatedTo(ChronoUnit.HOURS));
        calls.useHandle(handle -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (run(handle, ADD, hourStart, storedRoute, storedReason, refusals) == 1
                        || inserted(handle, hourStart, storedRoute, storedReason, refusals)) {
                    return;
                }
            }
            throw new StoreUnavailableException("gateway refusal counts unavailable",
                    new IllegalStateException("the refusal count row kept vanishing"));
        });
    }

    private static int run(Handle handle, String sql, OffsetDateTime hourStart, String route, String reason,
            long refusals) {
        return handle.createUpdate(sql)
                .bind("hour_start", hourStart)
                .bind("route", route)
                .bind("reason", reason)
                .bind("refusals", refusals)
                .execute();
    }

    /** Whether this call inserted the row; false when another caller's row is already there. */
    private static boolean inserted(Handle handle, OffsetDateTime hourStart, String route, String reason,
            long refusals) {
        try {
            return run(handle, INSERT, hourStart, route, reason, refusals) == 1;
        } catch (JdbiException e) {
            if (Columns.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }
}
