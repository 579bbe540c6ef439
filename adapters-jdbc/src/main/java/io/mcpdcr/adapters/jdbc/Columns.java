package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.token.TokenGrant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jdbi.v3.core.statement.SqlStatement;

/** Conversions between domain values and columns, shared by the stores so every table reads and writes alike. */
final class Columns {
    private static final String UNIQUE_VIOLATION = "23505";

    private Columns() {}

    /**
     * A timestamp to bind. pgjdbc cannot bind an Instant, while an OffsetDateTime binds exactly on both databases;
     * both keep microseconds, so truncating here makes what is read back predictable instead of rounded.
     */
    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** A NOT NULL timestamp column. pgjdbc cannot read an Instant directly; OffsetDateTime works on both. */
    static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** A nullable timestamp column. */
    static Optional<Instant> optionalInstant(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    static Optional<String> optional(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getString(column));
    }

    /**
     * Text that fits a {@code VARCHAR(maxUnits)} column on both databases and is safe to store and show: control
     * characters (NUL included, which PostgreSQL refuses) and lone surrogates become '?', and the text is cut to
     * {@code maxUnits} UTF-16 units (H2's measure; PostgreSQL counts code points, never more) without splitting a
     * surrogate pair. For values that come from outside, such as a User-Agent or a username typed at a login.
     */
    static String storable(String text, int maxUnits) {
        StringBuilder kept = new StringBuilder(Math.min(text.length(), maxUnits));
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int units = Character.charCount(codePoint);
            if (kept.length() + units > maxUnits) {
                break;
            }
            boolean unsafe = Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.SURROGATE;
            kept.appendCodePoint(unsafe ? '?' : codePoint);
            i += units;
        }
        return kept.toString();
    }

    /** {@link #storable} of an optional value; NULL when absent. */
    static String storableOrNull(Optional<String> text, int maxUnits) {
        return text.map(value -> storable(value, maxUnits)).orElse(null);
    }

    /**
     * Whether the failure is a unique or primary key violation (SQLSTATE 23505 on both databases), such as an INSERT
     * that lost a race to another instance.
     */
    static boolean isDuplicateKey(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Binds the grant columns that codes and tokens share: client_id, username, scopes and resource. */
    static <S extends SqlStatement<S>> S bindGrant(S statement, TokenGrant grant) {
        return statement
                .bind("client_id", grant.clientId().value())
                .bind("username", grant.username())
                .bind("scopes", grant.scopes().toString())
                .bind("resource", grant.resource().orElse(null));
    }

    /** Reads the grant columns bound by {@link #bindGrant}. */
    static TokenGrant grant(ResultSet row) throws SQLException {
        return new TokenGrant(
                new ClientId(row.getString("client_id")),
                row.getString("username"),
                ScopeSet.parse(row.getString("scopes")),
                optional(row, "resource"));
    }
}
