package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.FindingReview;
import io.mcpdcr.application.port.MonitoringStore;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import io.mcpdcr.domain.monitoring.Finding;
import io.mcpdcr.domain.monitoring.MetadataFingerprint;
import io.mcpdcr.domain.monitoring.RegistrationAttempt;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * What the abuse scan, the purge job and the findings' review read and write: registration attempts (created ones
 * from {@code oauth_client}, refused ones from {@code audit_event}), findings in {@code finding} with the time an
 * administrator resolved them, and the deletion of expired and old rows. Database failures surface as {@link StoreUnavailableException}.
 */
public final class JdbiMonitoringStore implements MonitoringStore, FindingReview {
    /** The address of a refused registration whose audit row has none. */
    public static final String UNKNOWN_ADDRESS = "unknown";
    // Column sizes of V3__monitoring.sql, in UTF-16 units.
    static final int MAX_SUBJECT = 800;
    static final int MAX_EVIDENCE = 4000;
    // Rows per DELETE of the purge (more when rows share the last one's time): each statement stays well inside
    // PostgreSQL's statement timeout however much has piled up, and commits on its own.
    static final int PURGE_BATCH = 5000;

    private static final String CREATED_SINCE = "SELECT " + JdbiClientRegistry.CLIENT_COLUMNS
            + " FROM oauth_client WHERE issued_at >= :from ORDER BY issued_at DESC LIMIT :limit";
    private static final String REFUSED_SINCE = """
            SELECT at, address, error_code FROM audit_event
            WHERE action = :action AND at >= :from AND outcome = :outcome
            ORDER BY at DESC LIMIT :limit
            """;
    private static final String FINDING_EXISTS = """
            SELECT COUNT(*) FROM finding WHERE kind = :kind AND subject = :subject AND detected_at >= :since
            """;
    private static final String INSERT_FINDING = """
            INSERT INTO finding (kind, subject, evidence, detected_at) VALUES (:kind, :subject, :evidence, :detected_at)
            """;
    private static final String POSTGRESQL = "PostgreSQL";
    private static final String LOCK_FINDINGS = "LOCK TABLE finding IN SHARE ROW EXCLUSIVE MODE";
    private static final String FINDINGS_SINCE = """
            SELECT id, kind, subject, evidence, detected_at, resolved_at FROM finding WHERE detected_at >= :from
            ORDER BY detected_at DESC, id DESC
            """;
    // COALESCE keeps the first resolution when a finding is resolved twice.
    private static final String RESOLVE = "UPDATE finding SET resolved_at = COALESCE(resolved_at, :at) WHERE id = :id";
    // Batched deletes without DELETE ... LIMIT, which neither database has. A DELETE with a limited subquery works on
    // both but takes H2 seconds per thousand rows, so each batch instead deletes up to the time of its last row:
    // the PURGE_BATCH-th oldest, found through the column's index. Rows sharing that time go in the same batch.
    private static final String PURGE_BOUNDARY = """
            SELECT <column> FROM <table> WHERE <column> < :before ORDER BY <column> LIMIT 1 OFFSET :offset
            """;
    private static final String PURGE_UP_TO = "DELETE FROM <table> WHERE <column> < :before AND <column> <= :up_to";
    private static final String PURGE_REST = "DELETE FROM <table> WHERE <column> < :before";

    private final StoreCalls calls;

    public JdbiMonitoringStore(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "monitoring store");
    }

    /**
     * Created registrations of clients still in the table (disabled ones included, deleted ones gone) and refused
     * ones from the audit trail, both since {@code from} (inclusive), oldest first; of each the latest {@code limit}.
     */
    @Override
    public List<RegistrationAttempt> registrationsSince(Instant from, int limit) {
        var since = Columns.timestamp(from);
        List<RegistrationAttempt> attempts = new ArrayList<>();
        calls.useHandle(handle -> {
            attempts.addAll(handle.createQuery(CREATED_SINCE)
                    .bind("from", since)
                    .bind("limit", limit)
                    .map((row, context) -> created(JdbiClientRegistry.toClient(row, context)))
                    .list());
            attempts.addAll(handle.createQuery(REFUSED_SINCE)
                    .bind("action", AuditAction.REGISTRATION.name())
                    .bind("outcome", AuditOutcome.REFUSED.wire())
                    .bind("from", since)
                    .bind("limit", limit)
                    .map(JdbiMonitoringStore::refused)
                    .list());
        });
        attempts.sort(Comparator.comparing(RegistrationAttempt::at));
        return attempts;
    }

    /**
     * Inserts, in one transaction, each finding whose kind and subject has no finding detected at or after
     * {@code dedupeSince}, counting those inserted earlier in the same call. Answers the inserted ones as stored:
     * subject and evidence made storable and cut to their columns, the time truncated to microseconds. One scanner
     * runs at a time (the task lease); should two overlap on PostgreSQL (a lease that ran out mid-scan), the second
     * waits for the first's commit and then sees its findings, so instances never store a finding twice.
     */
    @Override
    public List<Finding> saveNew(List<Finding> findings, Instant dedupeSince) {
        var since = Columns.timestamp(dedupeSince);
        return calls.inTransaction(handle -> {
            if (POSTGRESQL.equals(handle.getConnection().getMetaData().getDatabaseProductName())) {
                // Conflicts with itself only: readers and the purge go on; a concurrent saveNew waits for the commit.
                handle.execute(LOCK_FINDINGS);
            }
            List<Finding> inserted = new ArrayList<>();
            Set<List<String>> seen = new HashSet<>();
            for (Finding finding : findings) {
                Finding stored = storable(finding);
                if (!seen.add(List.of(stored.kind().name(), stored.subject())) || exists(handle, stored, since)) {
                    continue;
                }
                handle.createUpdate(INSERT_FINDING)
                        .bind("kind", stored.kind().name())
                        .bind("subject", stored.subject())
                        .bind("evidence", stored.evidence())
                        .bind("detected_at", Columns.timestamp(stored.detectedAt()))
                        .execute();
                inserted.add(stored);
            }
            return inserted;
        });
    }

    /** Findings detected at or after {@code from}, newest first. */
    @Override
    public List<ReviewedFinding> reviewSince(Instant from) {
        return calls.withHandle(handle -> handle.createQuery(FINDINGS_SINCE)
                .bind("from", Columns.timestamp(from))
                .map((row, context) -> new ReviewedFinding(
                        row.getLong("id"),
                        new Finding(
                                Finding.Kind.valueOf(row.getString("kind")),
                                row.getString("subject"),
                                row.getString("evidence"),
                                Columns.instant(row, "detected_at")),
                        Columns.optionalInstant(row, "resolved_at")))
                .list());
    }

    @Override
    public boolean resolve(long id, Instant at) {
        return calls.withHandle(handle -> handle.createUpdate(RESOLVE)
                .bind("at", Columns.timestamp(at))
                .bind("id", id)
                .execute()) == 1;
    }

    /**
     * Deletes codes, sessions, consent pages awaiting an answer, access and refresh tokens, shared limit windows and
     * document fetch failures that expired before {@code now} (redeemed and rotated tokens alike), and audit events,
     * throttle, refusal and gateway refusal counts and findings from before {@code auditBefore}. Not one transaction: batches of about {@value #PURGE_BATCH} rows commit
     * one by one, so a failed purge keeps what it deleted.
     *
     * @return the deleted rows; {@code codes} counts used client assertion ids, ended limit windows and forgotten
     *     document fetch failures too, {@code sessions} consent pages and upstream sign-ins, and {@code auditRows} counts audit events,
     *     the counts and findings together, as {@link PurgeCounts} has no field for them
     */
    @Override
    public PurgeCounts purge(Instant now, Instant auditBefore) {
        var expiredBefore = Columns.timestamp(now);
        var oldBefore = Columns.timestamp(auditBefore);
        return calls.withHandle(handle -> new PurgeCounts(
                purge(handle, "authorization_code", "expires_at", expiredBefore)
                        + purge(handle, "client_assertion_jti", "expires_at", expiredBefore)
                        + purge(handle, "shared_permit", "expires_at", expiredBefore)
                        + purge(handle, "document_fetch_failure", "forget_at", expiredBefore),
                purge(handle, "user_session", "expires_at", expiredBefore)
                        + purge(handle, "consent_interaction", "expires_at", expiredBefore)
                        + purge(handle, "upstream_transaction", "expires_at", expiredBefore),
                purge(handle, "access_token", "expires_at", expiredBefore),
                purge(handle, "refresh_token", "expires_at", expiredBefore),
                purge(handle, "audit_event", "at", oldBefore)
                        + purge(handle, "throttle_count", "hour_start", oldBefore)
                        + purge(handle, "refusal_count", "hour_start", oldBefore)
                        + purge(handle, "gateway_refusal_count", "hour_start", oldBefore)
                        + purge(handle, "finding", "detected_at", oldBefore)));
    }

    private static int purge(Handle handle, String table, String column, OffsetDateTime before) {
        int total = 0;
        while (true) {
            Optional<OffsetDateTime> upTo = handle.createQuery(PURGE_BOUNDARY)
                    .define("table", table)
                    .define("column", column)
                    .bind("before", before)
                    .bind("offset", PURGE_BATCH - 1)
                    .mapTo(OffsetDateTime.class)
                    .findOne();
            if (upTo.isEmpty()) {
                // Fewer than a batch left.
                return total + handle.createUpdate(PURGE_REST)
                        .define("table", table)
                        .define("column", column)
                        .bind("before", before)
                        .execute();
            }
            total += handle.createUpdate(PURGE_UP_TO)
                    .define("table", table)
                    .define("column", column)
                    .bind("before", before)
                    .bind("up_to", upTo.get())
                    .execute();
        }
    }

    private static boolean exists(Handle handle, Finding finding, OffsetDateTime since) {
        return handle.createQuery(FINDING_EXISTS)
                .bind("kind", finding.kind().name())
                .bind("subject", finding.subject())
                .bind("since", since)
                .mapTo(Integer.class)
                .one() > 0;
    }

    private static Finding storable(Finding finding) {
        return new Finding(finding.kind(),
                Columns.storable(finding.subject(), MAX_SUBJECT),
                Columns.storable(finding.evidence(), MAX_EVIDENCE),
                finding.detectedAt().truncatedTo(ChronoUnit.MICROS));
    }

    private static RegistrationAttempt created(ClientRegistration client) {
        List<String> hosts = client.metadata().redirectUris().stream()
                .map(JdbiMonitoringStore::host)
                .filter(Objects::nonNull)
                .toList();
        return new RegistrationAttempt(client.issuedAt(), client.source().address(), true, Optional.empty(),
                Optional.of(client.metadata().clientName()), hosts,
                Optional.of(MetadataFingerprint.of(client.metadata())));
    }

    private static RegistrationAttempt refused(ResultSet row, StatementContext context) throws SQLException {
        return new RegistrationAttempt(Columns.instant(row, "at"),
                Columns.optional(row, "address").orElse(UNKNOWN_ADDRESS), false, Columns.optional(row, "error_code"),
                Optional.empty(), List.of(), Optional.empty());
    }

    /** The host of a stored redirect URI, or null when it has none (or, against the policy, does not parse). */
    private static String host(String uri) {
        try {
            return new URI(uri).getHost();
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
