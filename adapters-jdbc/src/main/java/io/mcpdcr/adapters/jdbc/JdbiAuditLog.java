package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.AuditCounts;
import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.AuditTrail;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.RegistrationSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The audit trail in {@code audit_event}, one row per event; throttled attempts in {@code throttle_count}, one row
 * per hour, address and limit; and refused token, revocation and introspection requests in {@code refusal_count},
 * one row per hour, address, action and error, added to in batches ({@link #add}). Free text is made storable first
 * (control characters replaced, cut to the column), so an odd User-Agent or a long username typed at a login never
 * makes recording fail. A client's events are read back newest first for the admin pages. Database failures surface
 * as {@link StoreUnavailableException}.
 */
public final class JdbiAuditLog implements AuditLog, AuditCounts, AuditTrail {
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
    private static final String OF_CLIENT = """
            SELECT at, action, outcome, error_code, client_id, address, user_agent, username FROM audit_event
            WHERE client_id = :client_id ORDER BY at DESC, id DESC LIMIT :limit
            """;
    private static final Counter THROTTLED = new Counter("""
            UPDATE throttle_count SET attempts = attempts + :attempts
            WHERE hour_start = :hour_start AND address = :address AND limit_name = :limit_name
            """, """
            INSERT INTO throttle_count (hour_start, address, limit_name, attempts)
            VALUES (:hour_start, :address, :limit_name, :attempts)
            ON CONFLICT DO NOTHING
            """);
    private static final Counter REFUSED = new Counter("""
            UPDATE refusal_count SET attempts = attempts + :attempts
            WHERE hour_start = :hour_start AND address = :address AND action = :action AND error_code = :error_code
            """, """
            INSERT INTO refusal_count (hour_start, address, action, error_code, attempts)
            VALUES (:hour_start, :address, :action, :error_code, :attempts)
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

    @Override
    public List<AuditEvent> ofClient(ClientId client, int limit) {
        return calls.withHandle(handle -> handle.createQuery(OF_CLIENT)
                .bind("client_id", client.value())
                .bind("limit", limit)
                .map((row, context) -> new AuditEvent(
                        Columns.instant(row, "at"),
                        AuditEvent.AuditAction.valueOf(row.getString("action")),
                        AuditEvent.AuditOutcome.fromWire(row.getString("outcome")),
                        Columns.optional(row, "error_code"),
                        Columns.optional(row, "client_id").map(ClientId::new),
                        Columns.optional(row, "address"),
                        Columns.optional(row, "user_agent"),
                        Columns.optional(row, "username")))
                .list());
    }

    /** Binds every column of {@link #INSERT_EVENT} from the event; shared with the registration store's batches. */
    static <S extends SqlStatement<S>> S bindEvent(S statement, AuditEvent event) {
        return statement
                .bind("at", Columns.timestamp(event.at()))
                .bind("action", event.action().name())
                .bind("outcome", Columns.storable(event.outcome().wire(), MAX_OUTCOME))
                .bind("error_code", Columns.storableOrNull(event.errorCode(), MAX_ERROR_CODE))
                // The token endpoint records the client_id as typed, known or not: cut it to the column.
                .bind("client_id", Columns.storableOrNull(event.clientId().map(ClientId::value), MAX_CLIENT_ID))
                .bind("address", Columns.storableOrNull(event.address(), MAX_ADDRESS))
                .bind("user_agent", Columns.storableOrNull(
                        event.userAgent().map(JdbiAuditLog::asRegistrationsKeepIt), MAX_USER_AGENT))
                .bind("username", Columns.storableOrNull(event.username(), MAX_USERNAME));
    }

    /** Adds one to the count of the hour of {@code at} (UTC), address and limit: a batch of one. */
    @Override
    public void countThrottled(String limit, String address, Instant at) {
        add(Map.of(new Throttled(at.truncatedTo(ChronoUnit.HOURS), limit, address), 1L));
    }

    /** Adds one to the count of the hour of {@code at} (UTC), address, action and error: a batch of one. */
    @Override
    public void countRefused(AuditEvent.AuditAction action, String error, String address, Instant at) {
        add(Map.of(new Refused(at.truncatedTo(ChronoUnit.HOURS), action, error, address), 1L));
    }

    /**
     * Adds every amount in one transaction, keys in a fixed order so that instances flushing the same keys at once
     * wait for each other rather than deadlock. Each count is a portable upsert, safe when several instances add to
     * the same key: update first (the common case once the hour has started); when no row exists, insert one; when
     * another instance inserted it in between, the insert does nothing (or, should a database report the conflict as
     * an error, fails with a duplicate key) and the update runs again, now finding the row.
     */
    @Override
    public void add(Map<Key, Long> amounts) {
        var ordered = new TreeMap<String, Map.Entry<Key, Long>>();
        amounts.entrySet().forEach(entry -> ordered.put(entry.getKey().toString(), entry));
        calls.useTransaction(handle -> {
            for (Map.Entry<Key, Long> entry : ordered.values()) {
                add(handle, entry.getKey(), entry.getValue());
            }
        });
    }

    private static void add(Handle handle, Key key, long attempts) {
        Counter counter = key instanceof Throttled ? THROTTLED : REFUSED;
        Map<String, Object> row = new HashMap<>(columns(key));
        row.put("hour_start", Columns.timestamp(key.hour()));
        row.put("attempts", attempts);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (handle.createUpdate(counter.increment()).bindMap(row).execute() == 1 || insert(handle, counter, row)) {
                return;
            }
            // Another instance's row is there: the next update finds it. Only a purge of this very hour, deleting
            // the row in between, takes another round.
        }
        throw new StoreUnavailableException("audit log unavailable",
                new IllegalStateException("the count row kept vanishing"));
    }

    /** The key columns of a count row, made storable. */
    private static Map<String, String> columns(Key key) {
        String address = Columns.storable(key.address(), MAX_COUNT_ADDRESS);
        if (key instanceof Refused refused) {
            return Map.of("address", address, "action", refused.action().name(),
                    "error_code", Columns.storable(refused.error(), MAX_ERROR_CODE));
        }
        return Map.of("address", address, "limit_name", Columns.storable(((Throttled) key).limit(), MAX_LIMIT_NAME));
    }

    /** At most as many code points as a registration's User-Agent keeps, so both read alike. */
    private static String asRegistrationsKeepIt(String userAgent) {
        int end = userAgent.offsetByCodePoints(0,
                Math.min(RegistrationSource.MAX_USER_AGENT, userAgent.codePointCount(0, userAgent.length())));
        return userAgent.substring(0, end);
    }

    /** Whether this call inserted the row; false when another caller's row is already there. */
    private static boolean insert(Handle handle, Counter counter, Map<String, Object> row) {
        try {
            return handle.createUpdate(counter.insert()).bindMap(row).execute() == 1;
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
