package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.AuthorizationCodeStore;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.authorization.AuthorizationCode;
import io.mcpdcr.domain.authorization.AuthorizationRequest;
import io.mcpdcr.domain.token.TokenGrant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Authorization codes in {@code authorization_code}, by hash. The request's state is not stored (the client got it
 * back with the code), so a code reads back with an empty state. Database failures surface as
 * {@link StoreUnavailableException}.
 */
public final class JdbiAuthorizationCodeStore implements AuthorizationCodeStore {
    private static final String INSERT = """
            INSERT INTO authorization_code (code_hash, client_id, redirect_uri, redirect_uri_given, code_challenge,
                scopes, resource, username, issued_at, expires_at)
            VALUES (:code_hash, :client_id, :redirect_uri, :redirect_uri_given, :code_challenge,
                :scopes, :resource, :username, :issued_at, :expires_at)
            """;
    // The row lock and the re-checked condition make this atomic on both databases: of concurrent callers, exactly
    // one updates the row, and every other one sees redeemed_at set and updates nothing.
    private static final String MARK_REPLAYED =
            "UPDATE authorization_code SET replayed_at = CURRENT_TIMESTAMP WHERE code_hash = :code_hash";
    private static final String SELECT_REPLAYED =
            "SELECT 1 FROM authorization_code WHERE code_hash = :code_hash AND replayed_at IS NOT NULL";
    private static final String MARK_REDEEMED = """
            UPDATE authorization_code SET redeemed_at = CURRENT_TIMESTAMP
            WHERE code_hash = :code_hash AND redeemed_at IS NULL
            """;
    private static final String SELECT_BY_HASH = """
            SELECT code_hash, client_id, redirect_uri, redirect_uri_given, code_challenge, scopes, resource, username,
                issued_at, expires_at
            FROM authorization_code
            WHERE code_hash = :code_hash
            """;

    private final StoreCalls calls;

    public JdbiAuthorizationCodeStore(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "authorization code store");
    }

    @Override
    public void save(AuthorizationCode code) {
        AuthorizationRequest request = code.request();
        calls.useHandle(handle -> Columns.bindGrant(handle.createUpdate(INSERT), TokenGrant.of(code))
                .bind("code_hash", code.hash())
                .bind("redirect_uri", request.redirectUri())
                .bind("redirect_uri_given", request.redirectUriGiven())
                .bind("code_challenge", request.codeChallenge())
                .bind("issued_at", Columns.timestamp(code.issuedAt()))
                .bind("expires_at", Columns.timestamp(code.expiresAt()))
                .execute());
    }

    @Override
    public boolean wasReplayed(String hash) {
        return calls.withHandle(handle -> handle.createQuery(SELECT_REPLAYED)
                .bind("code_hash", hash)
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
    }

    /** Marks the code redeemed, expired or not: expiry is the domain's check. */
    @Override
    public Redemption redeem(String hash) {
        return calls.inTransaction(handle -> {
            boolean first = handle.createUpdate(MARK_REDEEMED).bind("code_hash", hash).execute() == 1;
            if (!first) {
                handle.createUpdate(MARK_REPLAYED).bind("code_hash", hash).execute();
            }
            Optional<AuthorizationCode> code = handle.createQuery(SELECT_BY_HASH)
                    .bind("code_hash", hash)
                    .map(JdbiAuthorizationCodeStore::toCode)
                    .findOne();
            return code.<Redemption>map(found -> first ? new FirstUse(found) : new Replayed(found))
                    .orElseGet(Unknown::new);
        });
    }

    private static AuthorizationCode toCode(ResultSet row, StatementContext context) throws SQLException {
        TokenGrant grant = Columns.grant(row);
        var request = new AuthorizationRequest(
                grant.clientId(),
                row.getString("redirect_uri"),
                row.getBoolean("redirect_uri_given"),
                row.getString("code_challenge"),
                grant.scopes(),
                grant.resource(),
                Optional.empty());
        return new AuthorizationCode(
                row.getString("code_hash"),
                request,
                grant.username(),
                Columns.instant(row, "issued_at"),
                Columns.instant(row, "expires_at"));
    }
}
