package io.mcpdcr.bootstrap;

import io.mcpdcr.application.monitoring.PruneClients;
import io.mcpdcr.application.monitoring.PurgeExpiredData;
import io.mcpdcr.application.monitoring.ScanForAbuse;
import io.mcpdcr.application.port.TaskLease;
import io.mcpdcr.domain.monitoring.Finding;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs prune, purge, the abuse scan and, with JWT access tokens, the signing key rotation on a schedule. A database lease per task makes one instance at a time run it,
 * however many share the database; the lease lasts one interval, so a task runs once per interval in the cluster.
 */
final class RecurringTasks implements AutoCloseable {
    static final String PRUNE = "prune";
    static final String PURGE = "purge";
    static final String SCAN = "abuse-scan";
    static final String SIGNING_KEYS = "signing-keys";
    private static final Logger LOG = LoggerFactory.getLogger(RecurringTasks.class);

    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final TaskLease lease;
    private final InstantSource clock;
    private final MeterRegistry metrics;
    private final String holder = "instance-" + UUID.randomUUID();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "recurring-tasks");
        thread.setDaemon(true);
        return thread;
    });

    RecurringTasks(PruneClients prune, PurgeExpiredData purge, ScanForAbuse scan, TaskLease lease, InstantSource clock,
            MeterRegistry metrics, Settings.TaskIntervals intervals) {
        this.lease = lease;
        this.clock = clock;
        this.metrics = metrics;
        tasks.put(PRUNE, new Task(intervals.prune(), () -> {
            PruneClients.Report report = prune.prune();
            Counter.builder("dcr_clients_pruned_total").register(metrics).increment(report.deleted());
            return "deleted=" + report.deleted() + " never_used=" + report.neverUsed().size()
                    + " unused=" + report.unused().size();
        }));
        tasks.put(PURGE, new Task(intervals.purge(), () -> {
            var counts = purge.purge();
            return "codes=" + counts.codes() + " sessions=" + counts.sessions() + " access_tokens="
                    + counts.accessTokens() + " refresh_tokens=" + counts.refreshTokens() + " audit_rows="
                    + counts.auditRows();
        }));
        tasks.put(SCAN, new Task(intervals.scan(), () -> {
            List<Finding> findings = scan.scan();
            for (Finding finding : findings) {
                LOG.warn("abuse finding kind={} subject=\"{}\" evidence=\"{}\"", finding.kind(), finding.subject(),
                        finding.evidence());
                Counter.builder("dcr_findings_total").tag("kind", finding.kind().name().toLowerCase(java.util.Locale.ROOT))
                        .register(metrics).increment();
            }
            return "findings=" + findings.size();
        }));
    }

    /** Adds a task before {@link #start}. */
    void add(String name, Duration interval, Supplier<String> work) {
        tasks.put(name, new Task(interval, work));
    }

    /** Schedules every task, the first run one interval from now. */
    void start() {
        tasks.forEach((name, task) -> scheduler.scheduleWithFixedDelay(() -> runSafely(name),
                task.interval().toMillis(), task.interval().toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Runs the task now if this instance gets its lease; answers whether it ran. */
    boolean runNow(String name) {
        Task task = tasks.get(name);
        if (!lease.tryAcquire(name, holder, clock.instant(), task.interval())) {
            LOG.debug("task {} skipped: another instance holds its lease", name);
            return false;
        }
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "failed";
        try {
            String summary = task.work().get();
            outcome = "succeeded";
            LOG.info("task {} ran: {}", name, summary);
            return true;
        } finally {
            sample.stop(Timer.builder("dcr_task_duration").tag("task", name).tag("outcome", outcome).register(metrics));
        }
    }

    private void runSafely(String name) {
        try {
            runNow(name);
        } catch (Throwable e) {
            // Anything escaping here cancels the schedule for good, so nothing may: a failed run (the database is
            // down, an OutOfMemoryError) is logged, and the next interval, the back-off, tries again.
            LOG.warn("task {} failed: {}", name, e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private record Task(Duration interval, Supplier<String> work) {}
}
