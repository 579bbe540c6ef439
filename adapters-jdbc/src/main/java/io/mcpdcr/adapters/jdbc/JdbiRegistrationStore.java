package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.RegistrationStore;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves registrations by group commit. A commit waits for the disk (an fsync on PostgreSQL with synchronous commit,
 * a file write on H2), and registration is the write anyone may repeat at will; so callers queue their client and
 * audit event, and one writer thread stores everything queued, up to {@value #MAX_BATCH} registrations, in one
 * transaction of two batched INSERTs, then wakes each caller. A caller returns only after that commit, so a 201
 * never outruns its row; under load one commit carries many registrations instead of two each.
 *
 * <p>When a batch fails because of its data (a duplicate client_id, say), its registrations are saved again one by
 * one, so only the faulty one fails. A caller waits at most the configured time, whatever the database does; the
 * queue holds at most {@value #CAPACITY}, and a caller finding it full is refused at once: both are
 * {@link StoreUnavailableException}s, answered 503. A caller that gave up may still have its client stored by a
 * commit already under way (an unused client is pruned later); a caller told it succeeded always has its client.
 */
public final class JdbiRegistrationStore implements RegistrationStore, AutoCloseable {
    static final int CAPACITY = 1024;
    static final int MAX_BATCH = 256;
    private static final String UNAVAILABLE = "registration store unavailable";
    // What a commit already under way gets to finish when the store closes; the statement timeout is 5 s.
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    // SQLSTATE classes of failures caused by the rows themselves: data exceptions and integrity violations.
    private static final List<String> DATA_FAILURE_CLASSES = List.of("22", "23");
    private static final Pending STOP = new Pending(null, null);
    private static final Duration FAILURE_PAUSE = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(JdbiRegistrationStore.class);

    private final Jdbi jdbi;
    private final long waitNanos;
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    private volatile boolean closed;

    private JdbiRegistrationStore(Jdbi jdbi, Duration wait, int capacity) {
        this.jdbi = jdbi;
        this.waitNanos = wait.toNanos();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::writeUntilStopped, "registration-writer");
        // An unclosed store must not keep the JVM alive; its callers, never answered, acknowledged nothing.
        writer.setDaemon(true);
    }

    /**
     * A store with its writer thread running; {@link #close()} stops it.
     *
     * @param wait the longest a caller waits for its commit before it is told the store is unavailable
     */
    public static JdbiRegistrationStore start(Jdbi jdbi, Duration wait) {
        return start(jdbi, wait, CAPACITY);
    }

    /** With a queue of {@code capacity} registrations instead of {@value #CAPACITY}: for tests. */
    static JdbiRegistrationStore start(Jdbi jdbi, Duration wait, int capacity) {
        var store = new JdbiRegistrationStore(jdbi, wait, capacity);
        store.writer.start();
        return store;
    }

    @Override
    public void save(ClientRegistration client, AuditEvent created) {
        long deadline = System.nanoTime() + waitNanos;
        var pending = new Pending(client, created);
        if (closed) {
            throw unavailable(new IllegalStateException("the store is closed"));
        }
        if (!queue.offer(pending)) {
            throw unavailable(new IllegalStateException("the write queue is full"));
        }
        // close() may have drained the queue between the check and the offer: nobody would ever write this one.
        if (closed && queue.remove(pending)) {
            throw unavailable(new IllegalStateException("the store is closed"));
        }
        try {
            pending.done.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Marked done, so the writer skips it unless its commit is already under way.
            pending.done.completeExceptionally(e);
            throw unavailable(new TimeoutException("no commit within " + Duration.ofNanos(waitNanos).toMillis()
                    + " ms"));
        } catch (InterruptedException e) {
            pending.done.completeExceptionally(e);
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JdbiException database) {
                throw unavailable(database);
            }
            if (e.getCause() instanceof StoreUnavailableException closing) {
                throw unavailable(closing.getCause());
            }
            if (e.getCause() instanceof Error error) {
                throw unavailable(error); // the writer met it and carries on: this registration may be retried
            }
            throw new IllegalStateException("the registration writer failed", e.getCause());
        }
    }

    /**
     * Stops taking registrations, lets the writer commit what is queued, and stops it. Callers that arrive later, or
     * that the writer could not reach in time, are told the store is unavailable. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            writer.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> unwritten = new ArrayList<>();
        queue.drainTo(unwritten);
        unwritten.forEach(pending -> pending.done.completeExceptionally(
                unavailable(new IllegalStateException("the store is closed"))));
    }

    private void writeUntilStopped() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        boolean stopped = false;
        while (!stopped) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // Nobody interrupts the writer; should something do so, close() still ends it through STOP.
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stopped = batch.remove(STOP);
            try {
                write(batch);
            } catch (Throwable e) {
                // An Error (out of memory, say) must not end the writer: every later registration would wait for a
                // thread that is gone and answer 503 until a restart. Its batch fails; the writer pauses, carries on.
                batch.forEach(pending -> pending.done.completeExceptionally(e));
                LOG.error("registration writer failed, carrying on after {} ms: {}", FAILURE_PAUSE.toMillis(),
                        e.toString());
                pause();
            }
            batch.clear();
        }
    }

    /** A short pause after an unexpected failure, so a persistent one does not spin; callers queue meanwhile. */
    private static void pause() {
        try {
            Thread.sleep(FAILURE_PAUSE.toMillis());
        } catch (InterruptedException e) {
            // Nobody interrupts the writer; close() still ends it through STOP.
        }
    }

    private void write(List<Pending> batch) {
        List<Pending> waiting = batch.stream().filter(pending -> !pending.done.isDone()).toList();
        if (waiting.isEmpty()) {
            return;
        }
        try {
            jdbi.useTransaction(handle -> insert(handle, waiting));
            waiting.forEach(pending -> pending.done.complete(null));
        } catch (JdbiException e) {
            if (waiting.size() > 1 && causedByData(e)) {
                writeOneByOne(waiting);
            } else {
                waiting.forEach(pending -> pending.done.completeExceptionally(e));
            }
        } catch (RuntimeException e) {
            waiting.forEach(pending -> pending.done.completeExceptionally(e));
        }
    }

    /** Each in its own transaction, so only the faulty ones fail; stops at the first failure not due to data. */
    private void writeOneByOne(List<Pending> batch) {
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            try {
                jdbi.useTransaction(handle -> insert(handle, List.of(pending)));
                pending.done.complete(null);
            } catch (JdbiException e) {
                pending.done.completeExceptionally(e);
                if (!causedByData(e)) {
                    batch.subList(i + 1, batch.size()).forEach(rest -> rest.done.completeExceptionally(e));
                    return;
                }
            }
        }
    }

    private static void insert(Handle handle, List<Pending> batch) {
        PreparedBatch clients = handle.prepareBatch(JdbiClientRegistry.INSERT);
        PreparedBatch events = handle.prepareBatch(JdbiAuditLog.INSERT_EVENT);
        for (Pending pending : batch) {
            JdbiClientRegistry.bindClient(clients, pending.client).add();
            JdbiAuditLog.bindEvent(events, pending.event).add();
        }
        clients.execute();
        events.execute();
    }

    /** Whether the database refused the rows themselves, rather than failing or being unreachable. */
    private static boolean causedByData(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    String state = next.getSQLState();
                    if (state != null && state.length() >= 2 && DATA_FAILURE_CLASSES.contains(state.substring(0, 2))) {
                        return true;
                    }
                    if (!(next instanceof BatchUpdateException)) {
                        break;
                    }
                }
            }
        }
        return false;
    }

    private static StoreUnavailableException unavailable(Throwable cause) {
        return new StoreUnavailableException(UNAVAILABLE, cause);
    }

    /** One caller's registration and how it ended: completed when committed, exceptionally when not. */
    private static final class Pending {
        final ClientRegistration client;
        final AuditEvent event;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Pending(ClientRegistration client, AuditEvent event) {
            this.client = client;
            this.event = event;
        }
    }
}
