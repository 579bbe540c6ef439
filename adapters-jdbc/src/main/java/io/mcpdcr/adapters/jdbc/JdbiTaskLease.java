package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.application.port.TaskLease;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Leases in {@code task_lease}, one row per task, shared by every instance on the database. A lease is held until its
 * {@code expires_at}; from that instant on anyone may take it. Instances compare their own clocks with the stored
 * expiry, so keep the clocks in sync and the ttl well above their skew. Database failures surface as
 * {@link StoreUnavailableException}.
 */
public final class JdbiTaskLease implements TaskLease {
    // The row lock and the re-checked condition make this atomic: of concurrent callers, one updates the row, and the
    // others then see a lease held by someone else and update nothing.
    private static final String TAKE_OR_RENEW = """
            UPDATE task_lease SET holder = :holder, expires_at = :expires_at
            WHERE task = :task AND (expires_at <= :now OR holder = :holder)
            """;
    // The first lease of a task. Of concurrent inserts, one inserts and the others do nothing.
    private static final String INSERT = """
            INSERT INTO task_lease (task, holder, expires_at) VALUES (:task, :holder, :expires_at)
            ON CONFLICT DO NOTHING
            """;
    private static final String RELEASE = "DELETE FROM task_lease WHERE task = :task AND holder = :holder";

    private final StoreCalls calls;

    public JdbiTaskLease(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "task lease");
    }

    /**
     * Takes the lease when it is free (never taken, released, or expired at or before {@code now}), or renews it when
     * {@code holder} has it. Exactly one of several concurrent callers with different holders gets a free lease.
     *
     * @throws IllegalArgumentException when {@code ttl} is not positive
     */
    @Override
    public boolean tryAcquire(String task, String holder, Instant now, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease lasts a positive time");
        }
        var at = Columns.timestamp(now);
        var expiresAt = Columns.timestamp(now.plus(ttl));
        // Each statement commits on its own: a lost insert must not abort a transaction around it.
        return calls.withHandle(handle -> {
            int updated = handle.createUpdate(TAKE_OR_RENEW)
                    .bind("task", task)
                    .bind("holder", holder)
                    .bind("expires_at", expiresAt)
                    .bind("now", at)
                    .execute();
            if (updated == 1) {
                return true;
            }
            try {
                return handle.createUpdate(INSERT)
                        .bind("task", task)
                        .bind("holder", holder)
                        .bind("expires_at", expiresAt)
                        .execute() == 1;
            } catch (JdbiException e) {
                if (Columns.isDuplicateKey(e)) {
                    return false; // a database that reports the lost race as an error rather than doing nothing
                }
                throw e;
            }
        });
    }

    /** Frees the lease if {@code holder} has it (expired or not); does nothing otherwise. */
    @Override
    public void release(String task, String holder) {
        calls.useHandle(handle -> handle.createUpdate(RELEASE).bind("task", task).bind("holder", holder).execute());
    }
}
