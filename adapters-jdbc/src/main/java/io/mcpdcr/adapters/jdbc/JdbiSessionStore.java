package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.SessionStore;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.authorization.UserSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Login sessions in {@code user_session}, shared by every instance. A session needs its user's account and goes with
 * it. Database failures, a session for an unknown user included, surface as {@link StoreUnavailableException}.
 */
public final class JdbiSessionStore implements SessionStore {
    private static final String INSERT = """
            INSERT INTO user_session (id_hash, username, created_at, expires_at)
            VALUES (:id_hash, :username, :created_at, :expires_at)
            """;
    private static final String SELECT_BY_HASH =
            "SELECT id_hash, username, created_at, expires_at FROM user_session WHERE id_hash = :id_hash";

    private static final String DELETE = "DELETE FROM user_session WHERE id_hash = :id_hash";

    private final StoreCalls calls;

    public JdbiSessionStore(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "session store");
    }

    @Override
    public void create(UserSession session) {
        calls.useHandle(handle -> handle.createUpdate(INSERT)
                .bind("id_hash", session.idHash())
                .bind("username", session.username())
                .bind("created_at", Columns.timestamp(session.createdAt()))
                .bind("expires_at", Columns.timestamp(session.expiresAt()))
                .execute());
    }

    /** The session, expired or not: whether it is still active is the caller's question. */
    @Override
    public Optional<UserSession> find(String idHash) {
        return calls.withHandle(handle -> handle.createQuery(SELECT_BY_HASH)
                .bind("id_hash", idHash)
                .map(JdbiSessionStore::toSession)
                .findOne());
    }

    /** Deletes the session and, through the foreign key, the consent pages it was shown. */
    @Override
    public void delete(String idHash) {
        calls.useHandle(handle -> handle.createUpdate(DELETE).bind("id_hash", idHash).execute());
    }

    private static UserSession toSession(ResultSet row, StatementContext context) throws SQLException {
        return new UserSession(
                row.getString("id_hash"),
                row.getString("username"),
                Columns.instant(row, "created_at"),
                Columns.instant(row, "expires_at"));
    }
}
