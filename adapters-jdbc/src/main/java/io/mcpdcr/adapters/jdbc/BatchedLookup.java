package io.mcpdcr.adapters.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Finds rows by key for many concurrent callers with one query, leader/follower style. Each caller queues its key;
 * the one caller holding the lead drains up to {@value #MAX_BATCH} queued keys, runs one query for them all, answers
 * every caller of the batch, and hands the lead to the next caller still waiting. A request then costs a share of
 * one round trip and no pool hand-off, instead of a connection and a round trip of its own: on PostgreSQL, where
 * every query is a round trip through the kernel, that is the bulk of a token introspection.
 *
 * <p>Nothing is cached: a key is looked up by a query that starts after the key was queued, so a row deleted
 * (a token revoked) before the call is never found. A failed query fails every caller of its batch with its
 * exception, and the lead passes on.
 */
final class BatchedLookup<K, V> {
    static final int MAX_BATCH = 64;

    private final Function<List<K>, Map<K, V>> query;
    private final ConcurrentLinkedQueue<Pending<K, V>> queue = new ConcurrentLinkedQueue<>();
    private final Semaphore lead = new Semaphore(1);

    /** @param query finds the rows of the given distinct keys; a key without a row is absent from the answer */
    BatchedLookup(Function<List<K>, Map<K, V>> query) {
        this.query = query;
    }

    Optional<V> find(K key) {
        var mine = new Pending<K, V>(key, Thread.currentThread());
        queue.add(mine);
        if (!lead.tryAcquire() && !mine.awaitTurn()) {
            return mine.answer();
        }
        try {
            while (!mine.answered) {
                runBatch();
            }
        } finally {
            handOver();
        }
        return mine.answer();
    }

    private void runBatch() {
        List<Pending<K, V>> batch = new ArrayList<>();
        List<K> keys = new ArrayList<>();
        for (Pending<K, V> next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
            batch.add(next);
            if (!keys.contains(next.key)) {
                keys.add(next.key);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        Map<K, V> rows;
        try {
            rows = query.apply(keys);
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.fail(e));
            return;
        } catch (Error e) {
            // Nobody may be left parked: the callers fail, the leader's thread gets the error.
            batch.forEach(pending -> pending.fail(new IllegalStateException("the lookup failed", e)));
            throw e;
        }
        batch.forEach(pending -> pending.answer(rows.get(pending.key)));
    }

    /**
     * Passes the lead to the oldest waiting caller, or gives it up when nobody waits. A caller that queued its key
     * and found the lead taken is always served: either the leader sees its key here, or the key was queued before
     * this release and the re-check finds it.
     */
    private void handOver() {
        for (;;) {
            Pending<K, V> next = queue.peek();
            if (next != null) {
                next.promote();
                return;
            }
            lead.release();
            if (queue.isEmpty() || !lead.tryAcquire()) {
                return;
            }
        }
    }

    /** One caller's key, and what it was told: its row, a failure, or to lead. */
    private static final class Pending<K, V> {
        final K key;
        private final Thread owner;
        private V row;
        private RuntimeException failure;
        private volatile boolean answered;
        private volatile boolean promoted;

        Pending(K key, Thread owner) {
            this.key = key;
            this.owner = owner;
        }

        void answer(V found) {
            row = found;
            answered = true;
            LockSupport.unpark(owner);
        }

        void fail(RuntimeException e) {
            failure = e;
            answered = true;
            LockSupport.unpark(owner);
        }

        void promote() {
            promoted = true;
            LockSupport.unpark(owner);
        }

        /** Parks until answered (false) or promoted to lead (true). */
        boolean awaitTurn() {
            boolean interrupted = false;
            while (!answered && !promoted) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return !answered;
        }

        Optional<V> answer() {
            if (failure != null) {
                throw failure;
            }
            return Optional.ofNullable(row);
        }
    }
}
