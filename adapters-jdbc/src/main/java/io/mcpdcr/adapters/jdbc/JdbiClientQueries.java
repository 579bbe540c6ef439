package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.RegistrationStatistics;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * Read-only views of registered clients for the admin commands and pages: lists with filters, one client in detail,
 * and registrations per hour. Disabled clients are included and flagged. Database failures surface as
 * {@link StoreUnavailableException}.
 */
public final class JdbiClientQueries implements RegistrationStatistics {
    private static final String SELECT_SUMMARIES = """
            SELECT client_id, client_name, issued_at, registered_ip, last_used_at, disabled_at, redirect_uris
            FROM oauth_client
            WHERE 1 = 1""";
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
            ORDER BY hour_index
            """;
    private static final char LIKE_ESCAPE = '\\';

    private final StoreCalls calls;

    public JdbiClientQueries(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "client queries");
    }

    /**
     * A line of a client list.
     *
     * @param lastUsed the latest completed token exchange; empty when the client never completed one
     */
    public record ClientSummary(
            String clientId,
            String clientName,
            Instant issuedAt,
            String registeredIp,
            Optional<Instant> lastUsed,
            boolean disabled,
            List<String> redirectUris) {
        public ClientSummary {
            redirectUris = List.copyOf(redirectUris);
        }
    }

    /**
     * One client in detail.
     *
     * @param registration the client as registered, found even when disabled
     * @param liveAccessTokens access tokens not expired at the time asked about
     * @param liveRefreshTokens refresh tokens neither expired nor rotated at the time asked about
     */
    public record ClientDetails(
            ClientRegistration registration,
            Optional<Instant> lastUsed,
            Optional<Instant> disabledAt,
            int liveAccessTokens,
            int liveRefreshTokens) {
        public boolean disabled() {
            return disabledAt.isPresent();
        }
    }


    /**
     * The clients matching every filter given, newest first.
     *
     * @param since registered at or after this time
     * @param address registered from exactly this address
     * @param nameContains whose name contains this text, ignoring case (ASCII case on every database; other letters'
     *     case as the database's collation has it)
     * @param unusedOnly only clients that never completed a token exchange
     */
    public List<ClientSummary> list(Optional<Instant> since, Optional<String> address, Optional<String> nameContains,
            boolean unusedOnly) {
        return list(since, address, nameContains, unusedOnly, OptionalInt.empty());
    }

    /** {@link #list(Optional, Optional, Optional, boolean)}, at most {@code limit} of the newest. */
    public List<ClientSummary> list(Optional<Instant> since, Optional<String> address, Optional<String> nameContains,
            boolean unusedOnly, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit is positive");
        }
        return list(since, address, nameContains, unusedOnly, OptionalInt.of(limit));
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
        sql.append(" ORDER BY issued_at DESC, client_id DESC");
        limit.ifPresent(value -> sql.append(" LIMIT :limit"));
        return calls.withHandle(handle -> {
            Query query = handle.createQuery(sql.toString());
            since.ifPresent(value -> query.bind("since", Columns.timestamp(value)));
            address.ifPresent(value -> query.bind("address", value));
            nameContains.ifPresent(value -> query.bind("name_pattern", containsPattern(value)));
            limit.ifPresent(value -> query.bind("limit", value));
            return query.map((row, context) -> new ClientSummary(
                            row.getString("client_id"),
                            row.getString("client_name"),
                            Columns.instant(row, "issued_at"),
                            row.getString("registered_ip"),
                            Columns.optionalInstant(row, "last_used_at"),
                            row.getObject("disabled_at") != null,
                            JdbiClientRegistry.redirectUris(row.getString("redirect_uris"))))
                    .list();
        });
    }

    /** The client, disabled or not, with its token counts at {@code now}; empty when unknown (or deleted). */
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
        return list(Optional.empty(), Optional.empty(), Optional.empty(), false, limit).stream()
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
     * Registrations per hour (UTC) of the clients still registered, from the start of the hour of {@code from}, oldest
     * first. Hours without a registration are left out.
     */
    @Override
    public List<HourlyCount> registrationsPerHour(Instant from) {
        Instant firstHour = from.truncatedTo(ChronoUnit.HOURS);
        return calls.withHandle(handle -> handle.createQuery(PER_HOUR)
                .bind("from", Columns.timestamp(firstHour))
                .map((row, context) -> new HourlyCount(
                        Instant.ofEpochSecond(row.getLong("hour_index") * 3600), row.getInt("registrations")))
                .list());
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
