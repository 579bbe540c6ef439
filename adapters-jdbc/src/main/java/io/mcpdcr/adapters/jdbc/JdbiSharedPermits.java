package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.SharedPermits;
import io.mcpdcr.domain.token.OpaqueToken;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Shared permit counts in {@code shared_permit}, PostgreSQL only (its {@code ON CONFLICT ... DO UPDATE}): one row per
 * (limit, key, window), whose row lock makes each take exact however many instances take at once. The row with the
 * empty key counts the keys of its window, at most {@code maxKeysPerWindow}: a flood of distinct addresses adds that
 * many rows per limit and window at most, and its further keys are left to each instance's own limiter; the first key
 * of a window deletes the limit's ended windows. Takes commit without waiting for the disk: a crash of PostgreSQL may
 * forget the last fraction of a second's takes (up to three times {@code wal_writer_delay}, 600 ms by default), which a
 * limit can afford.
 */
public final class JdbiSharedPermits implements SharedPermits {
    // A count need not survive a crash of the database, and waiting for the disk would be most of a take's cost. Each
    // writing statement sets this for its own implicit transaction, whose commit at the statement's end reads it.
    private static final String NO_FLUSH = "set_config('synchronous_commit', 'off', true)";
    // Real keys are never empty (each limit prefixes its own), so the empty key can count them.
    private static final String KEY_COUNT = "";
    private static final int MAX_KEY = 300;
    // The common case, one statement: the key already has a row in this window.
    private static final String TAKE_EXISTING = """
            UPDATE shared_permit SET used = used + 1 FROM (SELECT %s) AS no_flush
            WHERE limit_name = :limit AND limit_key = :key AND window_start = :start AND used < :permits
            """.formatted(NO_FLUSH);
    // A key new to the window claims a key slot, then its row; a key that has a row claims no slot. Concurrent first
    // takes of one key may each claim a slot (one is wasted) but both count on the one row. Answers the window's keys.
    private static final String TAKE_NEW = """
            WITH slot AS (
                INSERT INTO shared_permit (limit_name, limit_key, window_start, used, expires_at)
                SELECT :limit, :key_count, :start, 1, :end FROM (SELECT %s) AS no_flush
                WHERE NOT EXISTS (SELECT 1 FROM shared_permit
                    WHERE limit_name = :limit AND limit_key = :key AND window_start = :start)
                ON CONFLICT (limit_name, limit_key, window_start)
                DO UPDATE SET used = shared_permit.used + 1 WHERE shared_permit.used < :max_keys
                RETURNING used AS keys)
            INSERT INTO shared_permit (limit_name, limit_key, window_start, used, expires_at)
            SELECT :limit, :key, :start, 1, :end FROM slot
            ON CONFLICT (limit_name, limit_key, window_start)
            DO UPDATE SET used = shared_permit.used + 1 WHERE shared_permit.used < :permits
            RETURNING (SELECT keys FROM slot)
            """.formatted(NO_FLUSH);
    // The first key of a window clears the limit's ended windows, so a limit keeps about one window's rows however
    // short its period and however seldom the purge runs.
    private static final String FORGET_ENDED = """
            DELETE FROM shared_permit USING (SELECT %s) AS no_flush
            WHERE limit_name = :limit AND expires_at <= :start
            """.formatted(NO_FLUSH);
    private static final String TAKEN = """
            SELECT used FROM shared_permit WHERE limit_name = :limit AND limit_key = :key AND window_start = :start
            """;

    private final StoreCalls calls;
    private final int maxKeysPerWindow;

    public JdbiSharedPermits(Jdbi jdbi, int maxKeysPerWindow) {
        if (maxKeysPerWindow < 1) {
            throw new IllegalArgumentException("maxKeysPerWindow must be at least 1, got " + maxKeysPerWindow);
        }
        this.calls = new StoreCalls(jdbi, "shared limits");
        this.maxKeysPerWindow = maxKeysPerWindow;
    }

    @Override
    public Take take(String limit, String key, Instant windowStart, Instant windowEnd, int permits) {
        String stored = storable(key);
        var start = Columns.timestamp(windowStart);
        return calls.withHandle(handle -> {
            int updated = handle.createUpdate(TAKE_EXISTING)
                    .bind("limit", limit).bind("key", stored).bind("start", start).bind("permits", permits)
                    .execute();
            if (updated == 1) {
                return Take.TAKEN;
            }
            Optional<Integer> keys = handle.createQuery(TAKE_NEW)
                    .bind("limit", limit).bind("key", stored).bind("key_count", KEY_COUNT).bind("start", start)
                    .bind("end", Columns.timestamp(windowEnd)).bind("permits", permits)
                    .bind("max_keys", maxKeysPerWindow)
                    .mapTo(Integer.class).findOne();
            if (keys.isPresent()) {
                if (keys.get() == 1) {
                    handle.createUpdate(FORGET_ENDED).bind("limit", limit).bind("start", start).execute();
                }
                return Take.TAKEN;
            }
            return used(handle, limit, stored, windowStart).isPresent() ? Take.EXHAUSTED : Take.UNTRACKED;
        });
    }

    @Override
    public int taken(String limit, String key, Instant windowStart) {
        return calls.withHandle(handle -> used(handle, limit, storable(key), windowStart).orElse(0));
    }

    private static Optional<Integer> used(Handle handle, String limit, String key, Instant windowStart) {
        return handle.createQuery(TAKEN)
                .bind("limit", limit).bind("key", key).bind("start", Columns.timestamp(windowStart))
                .mapTo(Integer.class).findOne();
    }

    // Keys are short (an address block, a hash, a host name), but a host name can reach 253 characters plus prefix.
    private static String storable(String key) {
        return key.length() <= MAX_KEY ? key : "sha256:" + OpaqueToken.hash(key);
    }
}
