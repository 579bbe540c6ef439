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

    static Optional<String> optional(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getString(column));
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
