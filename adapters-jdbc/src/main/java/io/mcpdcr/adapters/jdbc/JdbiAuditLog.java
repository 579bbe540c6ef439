package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.RegistrationSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The audit trail in {@code audit_event}, one row per event; throttled attempts in {@code throttle_count}, one row
 * per hour, address and limit; and refused token, revocation and introspection requests in {@code refusal_count},
 * one row per hour, address, action and error. Free text is made storable first (control characters replaced, cut
 * to the column), so an odd User-Agent or a long username typed at a login never makes recording fail. Database
 * failures surface as {@link StoreUnavailableException}.
 */
public final class JdbiAuditLog implements AuditLog {
    // Column sizes of V3__monitoring.sql, V4 and V8, in UTF-16 units.
    static final int MAX_OUTCOME = 64;
    static final int MAX_ERROR_CODE = 100;
    static final int MAX_ADDRESS = 2000;
    static final int MAX_COUNT_ADDRESS = 100;
    static final int MAX_USER_AGENT = 2048;
    static final int MAX_USERNAME = 100;
    static final int MAX_CLIENT_ID = 2000;
    static final int MAX_LIMIT_NAME = 64;
    private static final int ATTEMPTS = 3;

    static final String INSERT_EVENT = """
            INSERT INTO audit_event (at, action, outcome, error_code, client_id, address, user_agent, username)
            VALUES (:at, :action, :outcome, :error_code, :client_id, :address, :user_agent, :username)
            """;
    private static final Counter THROTTLED = new Counter("""
            UPDATE throttle_count SET attempts = attempts + 1
            WHERE hour_start = :hour_start AND address = :address AND limit_name = :limit_name
            """, """
            INSERT INTO throttle_count (hour_start, address, limit_name, attempts)
            VALUES (:hour_start, :address, :limit_name, 1)
            ON CONFLICT DO NOTHING
            """);
    private static final Counter REFUSED = new Counter("""
            UPDATE refusal_count SET attempts = attempts + 1
            WHERE hour_start = :hour_start AND address = :address AND action = :action AND error_code = :error_code
            """, """
            INSERT INTO refusal_count (hour_start, address, action, error_code, attempts)
            VALUES (:hour_start, :address, :action, :error_code, 1)
            ON CONFLICT DO NOTHING
            """);

    private final StoreCalls calls;

    public JdbiAuditLog(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "audit log");
    }

    @Override
    public void record(AuditEvent event) {
        calls.useHandle(handle -> bindEvent(handle.createUpdate(INSERT_EVENT), event).execute());
    }

    /** Binds every column of {@link #INSERT_EVENT} from the event; shared with the registration store's batches. */
    static <S extends SqlStatement<S>> S bindEvent(S statement, AuditEvent event) {
        return statement
                .bind("at", Columns.timestamp(event.at()))
                .bind("action", event.action().name())
                .bind("outcome", Columns.storable(event.outcome(), MAX_OUTCOME))
                .bind("error_code", Columns.storableOrNull(event.errorCode(), MAX_ERROR_CODE))
                // The token endpoint records the client_id as typed, known or not: cut it to the column.
                .bind("client_id", Columns.storableOrNull(event.clientId().map(ClientId::value), MAX_CLIENT_ID))
                .bind("address", Columns.storableOrNull(event.address(), MAX_ADDRESS))
                .bind("user_agent", Columns.storableOrNull(
                        event.userAgent().map(JdbiAuditLog::asRegistrationsKeepIt), MAX_USER_AGENT))
                .bind("username", Columns.storableOrNull(event.username(), MAX_USERNAME));
    }

    /** Adds one to the count of the hour of {@code at} (UTC), address and limit; see {@link #count}. */
    @Override
    public void countThrottled(String limit, String address, Instant at) {
        count(THROTTLED, at, Map.of(
                "address", Columns.storable(address, MAX_COUNT_ADDRESS),
                "limit_name", Columns.storable(limit, MAX_LIMIT_NAME)));
    }

    /** Adds one to the count of the hour of {@code at} (UTC), address, action and error; see {@link #count}. */
    @Override
    public void countRefused(AuditEvent.AuditAction action, String error, String address, Instant at) {
        count(REFUSED, at, Map.of(
                "address", Columns.storable(address, MAX_COUNT_ADDRESS),
                "action", action.name(),
                "error_code", Columns.storable(error, MAX_ERROR_CODE)));
    }

    /**
     * Adds one to a count row of the hour of {@code at}. A portable upsert, safe when several instances count the
     * same key at once: each statement runs on its own (autocommit), so a lost race never aborts a transaction.
     * Update first (the common case once the hour has started); when no row exists, insert one; when another caller
     * inserted it in between, the insert does nothing (or, should a database report the conflict as an error, fails
     * with a duplicate key) and the update runs again, now finding the row.
     */
    private void count(Counter counter, Instant at, Map<String, String> key) {
        OffsetDateTime hourStart = Columns.timestamp(at.truncatedTo(ChronoUnit.HOURS));
        calls.useHandle(handle -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (handle.createUpdate(counter.increment()).bind("hour_start", hourStart).bindMap(key).execute() == 1
                        || insert(handle, counter, hourStart, key)) {
                    return;
                }
                // Another caller's row is there: the next update finds it. Only a purge of this very hour, deleting
                // the row in between, takes another round.
            }
            throw new StoreUnavailableException("audit log unavailable",
                    new IllegalStateException("the count row kept vanishing"));
        });
    }

    /** At most as many code points as a registration's User-Agent keeps, so both read alike. */
    private static String asRegistrationsKeepIt(String userAgent) {
        int end = userAgent.offsetByCodePoints(0,
                Math.min(RegistrationSource.MAX_USER_AGENT, userAgent.codePointCount(0, userAgent.length())));
        return userAgent.substring(0, end);
    }

    /** Whether this call inserted the row; false when another caller's row is already there. */
    private static boolean insert(Handle handle, Counter counter, OffsetDateTime hourStart, Map<String, String> key) {
        try {
            return handle.createUpdate(counter.insert()).bind("hour_start", hourStart).bindMap(key).execute() == 1;
        } catch (JdbiException e) {
            if (Columns.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** The two statements of one count table's upsert. */
    private record Counter(String increment, String insert) {}
}
