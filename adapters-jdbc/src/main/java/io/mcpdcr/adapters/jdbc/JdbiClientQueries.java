package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.ClientDirectory;
import io.mcpdcr.application.port.RegistrationStatistics;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.application.registration.RegisterClient;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import io.mcpdcr.domain.registration.ClientId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Read-only views of registered clients for the admin commands and pages: lists with filters, a searched page, one
 * client in detail, and registration attempts per hour (created from {@code oauth_client}, refused from
 * {@code audit_event}, throttled from {@code throttle_count}). Disabled clients are included and flagged. Database
 * failures surface as {@link StoreUnavailableException}.
 */
public final class JdbiClientQueries implements ClientDirectory, RegistrationStatistics {
    private static final String SELECT_SUMMARIES = """
            SELECT client_id, client_name, issued_at, registered_ip, last_used_at, disabled_at, redirect_uris
            FROM oauth_client
            WHERE 1 = 1""";
    private static final String NEWEST_FIRST = " ORDER BY issued_at DESC, client_id DESC";
    // The exact matches use the primary key and the address index; the contains matches scan, which 100,000 rows
    // allow (see docs/operations.md), and the (issued_at, client_id) index serves the order and the page.
    private static final String SEARCH = " AND (client_id = :text OR registered_ip = :text"
            + " OR LOWER(client_name) LIKE :pattern ESCAPE '" + JdbiClientQueries.LIKE_ESCAPE + "'"
            + " OR LOWER(redirect_uris) LIKE :pattern ESCAPE '" + JdbiClientQueries.LIKE_ESCAPE + "')";
    private static final String SELECT_DETAILS = "SELECT " + JdbiClientRegistry.CLIENT_COLUMNS + """
            , last_used_at, disabled_at,
                (SELECT COUNT(*) FROM access_token a WHERE a.client_id = c.client_id AND a.expires_at > :now)
                    AS live_access_tokens,
                (SELECT COUNT(*) FROM refresh_token r
                 WHERE r.client_id = c.client_id AND r.expires_at > :now AND r.rotated_at IS NULL)
                    AS live_refresh_tokens
            FROM oauth_client c
            WHERE c.client_id = :client_id
            """;
    // Hours since the epoch: portable, and independent of the session's time zone, unlike date_trunc.
    private static final String PER_HOUR = """
            SELECT FLOOR(EXTRACT(EPOCH FROM issued_at) / 3600) AS hour_index, COUNT(*) AS registrations
            FROM oauth_client
            WHERE issued_at >= :from
            GROUP BY FLOOR(EXTRACT(EPOCH FROM issued_at) / 3600)
            """;
    private static final String REFUSED_PER_HOUR = """
            SELECT FLOOR(EXTRACT(EPOCH FROM at) / 3600) AS hour_index, COUNT(*) AS registrations
            FROM audit_event
            WHERE action = :action AND at >= :from AND outcome = :outcome
            GROUP BY FLOOR(EXTRACT(EPOCH FROM at) / 3600)
            """;
    private static final String THROTTLED_PER_HOUR = """
            SELECT FLOOR(EXTRACT(EPOCH FROM hour_start) / 3600) AS hour_index, SUM(attempts) AS registrations
            FROM throttle_count
            WHERE hour_start >= :from AND limit_name IN (<limits>)
            GROUP BY FLOOR(EXTRACT(EPOCH FROM hour_start) / 3600)
            """;
    private static final List<String> REGISTRATION_LIMITS =
            List.of(RegisterClient.PER_IP_LIMIT, RegisterClient.GLOBAL_LIMIT);
    // Not a backslash: JDBI's parser reads '\' as an escaped quote and misses the named parameters after it.
    private static final char LIKE_ESCAPE = '!';

    private final StoreCalls calls;

    public JdbiClientQueries(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "client queries");
    }

    /**
     * {@inheritDoc} Ignoring case means ASCII case on every database; other letters' case as the database's collation
     * has it.
     */
    @Override
    public List<ClientSummary> list(Optional<Instant> since, Optional<String> address, Optional<String> nameContains,
            boolean unusedOnly) {
        return list(since, address, nameContains, unusedOnly, OptionalInt.empty());
    }

    private List<ClientSummary> list(Optional<Instant> since, Optional<String> address, Optional<String> nameContains,
            boolean unusedOnly, OptionalInt limit) {
        var sql = new StringBuilder(SELECT_SUMMARIES);
        since.ifPresent(value -> sql.append(" AND issued_at >= :since"));
        address.ifPresent(value -> sql.append(" AND registered_ip = :address"));
        nameContains.ifPresent(value -> sql.append(" AND LOWER(client_name) LIKE :name_pattern ESCAPE '")
                .append(LIKE_ESCAPE).append('\''));
        if (unusedOnly) {
            sql.append(" AND last_used_at IS NULL");
        }
        sql.append(NEWEST_FIRST);
        limit.ifPresent(value -> sql.append(" LIMIT :limit"));
        return calls.withHandle(handle -> {
            Query query = handle.createQuery(sql.toString());
            since.ifPresent(value -> query.bind("since", Columns.timestamp(value)));
            address.ifPresent(value -> query.bind("address", value));
            nameContains.ifPresent(value -> query.bind("name_pattern", containsPattern(value)));
            limit.ifPresent(value -> query.bind("limit", value));
            return query.map(JdbiClientQueries::toSummary).list();
        });
    }

    @Override
    public List<ClientSummary> search(Optional<String> text, int offset, int limit) {
        String sql = SELECT_SUMMARIES + (text.isPresent() ? SEARCH : "") + NEWEST_FIRST + " LIMIT :limit OFFSET :offset";
        return calls.withHandle(handle -> {
            Query query = handle.createQuery(sql).bind("limit", limit).bind("offset", offset);
            text.ifPresent(value -> query.bind("text", value).bind("pattern", containsPattern(value)));
            return query.map(JdbiClientQueries::toSummary).list();
        });
    }

    private static ClientSummary toSummary(ResultSet row, StatementContext context) throws SQLException {
        return new ClientSummary(
                row.getString("client_id"),
                row.getString("client_name"),
                Columns.instant(row, "issued_at"),
                row.getString("registered_ip"),
                Columns.optionalInstant(row, "last_used_at"),
                row.getObject("disabled_at") != null,
                JdbiClientRegistry.redirectUris(row.getString("redirect_uris")));
    }

    @Override
    public Optional<ClientDetails> show(ClientId id, Instant now) {
        return calls.withHandle(handle -> handle.createQuery(SELECT_DETAILS)
                .bind("client_id", id.value())
                .bind("now", Columns.timestamp(now))
                .map((row, context) -> new ClientDetails(
                        JdbiClientRegistry.toClient(row, context),
                        Columns.optionalInstant(row, "last_used_at"),
                        Columns.optionalInstant(row, "disabled_at"),
                        row.getInt("live_access_tokens"),
                        row.getInt("live_refresh_tokens")))
                .findOne());
    }

    @Override
    public List<RecentRegistration> latestRegistrations(int limit) {
        return list(Optional.empty(), Optional.empty(), Optional.empty(), false, OptionalInt.of(limit)).stream()
                .map(client -> new RecentRegistration(new ClientId(client.clientId()), client.clientName(),
                        client.issuedAt(), client.registeredIp(), client.redirectUris()))
                .toList();
    }

    /** How many clients are registered and not disabled: the live-clients gauge. */
    public long countLive() {
        return calls.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM oauth_client WHERE disabled_at IS NULL")
                .mapTo(Long.class)
                .one());
    }

    /**
     * Registration attempts per hour (UTC) from the start of the hour of {@code from}, oldest first: created ones of
     * the clients still registered, refused ones of the audit trail, and throttled ones of the registration limits'
     * counts. Hours without any are left out.
     */
    @Override
    public List<HourlyCount> registrationsPerHour(Instant from) {
        var firstHour = Columns.timestamp(from.truncatedTo(ChronoUnit.HOURS));
        return calls.withHandle(handle -> {
            Map<Long, int[]> hours = new TreeMap<>();
            addPerHour(hours, 0, handle.createQuery(PER_HOUR).bind("from", firstHour));
            addPerHour(hours, 1, handle.createQuery(REFUSED_PER_HOUR).bind("from", firstHour)
                    .bind("action", AuditAction.REGISTRATION.name()).bind("outcome", AuditOutcome.REFUSED.wire()));
            addPerHour(hours, 2, handle.createQuery(THROTTLED_PER_HOUR).bind("from", firstHour)
                    .bindList("limits", REGISTRATION_LIMITS));
            return hours.entrySet().stream()
                    .map(hour -> new HourlyCount(Instant.ofEpochSecond(hour.getKey() * 3600), hour.getValue()[0],
                            hour.getValue()[1], hour.getValue()[2]))
                    .toList();
        });
    }

    /** Adds each hour's count of {@code query} to column {@code kind} (created, refused, throttled) of its hour. */
    private static void addPerHour(Map<Long, int[]> hours, int kind, Query query) {
        query.map((row, context) -> Map.entry(row.getLong("hour_index"), row.getInt("registrations")))
                .forEach(count -> hours.computeIfAbsent(count.getKey(), hour -> new int[3])[kind] += count.getValue());
    }

    /** A LIKE pattern matching any text that contains {@code text}, lowercased, with LIKE's wildcards escaped. */
    static String containsPattern(String text) {
        var pattern = new StringBuilder("%");
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                pattern.append(LIKE_ESCAPE);
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }
}
