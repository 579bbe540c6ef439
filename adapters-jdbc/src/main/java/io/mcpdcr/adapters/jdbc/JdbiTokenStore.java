package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.application.port.TokenStore;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.RefreshToken;
import io.mcpdcr.domain.token.TokenGrant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Access tokens in {@code access_token} and refresh tokens in {@code refresh_token}, by hash. The two tables have the
 * same columns (refresh tokens add {@code rotated_at}), so one statement serves both through the {@code <table>}
 * attribute. Revoking deletes: a revoked token is never found again, while an expired one still is, for the domain
 * to judge. Database failures surface as {@link StoreUnavailableException}.
 */
public final class JdbiTokenStore implements TokenStore {
    private static final String ACCESS_TABLE = "access_token";
    private static final String REFRESH_TABLE = "refresh_token";

    private static final String INSERT = """
            INSERT INTO <table> (token_hash, family_id, client_id, username, scopes, resource, issued_at, expires_at,
                auth_time)
            VALUES (:token_hash, :family_id, :client_id, :username, :scopes, :resource, :issued_at, :expires_at,
                :auth_time)
            """;
    private static final String SELECT_BY_HASH = """
            SELECT token_hash, family_id, client_id, username, scopes, resource, issued_at, expires_at, auth_time
            FROM <table>
            WHERE token_hash = :token_hash
            """;
    private static final String SELECT_ACCESS_BY_HASHES = """
            SELECT token_hash, family_id, client_id, username, scopes, resource, issued_at, expires_at, auth_time
            FROM access_token
            WHERE token_hash IN (<token_hashes>)
            """;
    // Atomic on both databases like the code redemption: exactly one concurrent caller updates the row.
    private static final String MARK_ROTATED = """
            UPDATE refresh_token SET rotated_at = CURRENT_TIMESTAMP
            WHERE token_hash = :token_hash AND rotated_at IS NULL
            """;
    private static final String DELETE_FAMILY = "DELETE FROM <table> WHERE family_id = :family_id";

    private static final RowMapper<AccessToken> TO_ACCESS = tokenMapper(AccessToken::new);
    private static final RowMapper<RefreshToken> TO_REFRESH = tokenMapper(RefreshToken::new);

    private final StoreCalls calls;
    private final Optional<BatchedLookup<String, AccessToken>> sharedLookups;

    /** A store whose every access-token lookup is a query of its own: for embedded H2, where a query is cheap. */
    public JdbiTokenStore(Jdbi jdbi) {
        this(jdbi, false);
    }

    private JdbiTokenStore(Jdbi jdbi, boolean shareLookups) {
        this.calls = new StoreCalls(jdbi, "token store");
        this.sharedLookups = shareLookups ? Optional.of(new BatchedLookup<>(this::findAccess)) : Optional.empty();
    }

    /**
     * A store whose concurrent access-token lookups share one query ({@link BatchedLookup}): for a database across a
     * network, where each query is a round trip and a pool hand-off. Introspection makes one lookup per request a
     * resource server serves. On embedded H2 sharing costs more than it saves: its queries take microseconds, and the
     * lead waits for a thread to be scheduled.
     */
    public static JdbiTokenStore sharingLookups(Jdbi jdbi) {
        return new JdbiTokenStore(jdbi, true);
    }

    @Override
    public void issue(AccessToken access, Optional<RefreshToken> refresh) {
        calls.useTransaction(handle -> {
            insert(handle, ACCESS_TABLE, access.hash(), access.familyId(), access.grant(), access.issuedAt(),
                    access.expiresAt(), access.authTime());
            if (refresh.isPresent()) {
                RefreshToken token = refresh.get();
                insert(handle, REFRESH_TABLE, token.hash(), token.familyId(), token.grant(), token.issuedAt(),
                        token.expiresAt(), token.authTime());
            }
        });
    }

    @Override
    public Optional<AccessToken> findAccess(String hash) {
        if (sharedLookups.isPresent()) {
            return sharedLookups.get().find(hash);
        }
        return calls.withHandle(handle -> find(handle, ACCESS_TABLE, hash, TO_ACCESS));
    }

    private Map<String, AccessToken> findAccess(List<String> hashes) {
        return calls.withHandle(handle -> handle.createQuery(SELECT_ACCESS_BY_HASHES)
                .bindList("token_hashes", hashes)
                .map(TO_ACCESS)
                .collectToMap(AccessToken::hash, token -> token));
    }

    /** The refresh token, rotated or not. */
    @Override
    public Optional<RefreshToken> findRefresh(String hash) {
        return calls.withHandle(handle -> find(handle, REFRESH_TABLE, hash, TO_REFRESH));
    }

    /** Marks the refresh token rotated, expired or not: expiry is the domain's check. */
    @Override
    public RefreshUse useRefresh(String hash) {
        return calls.inTransaction(handle -> {
            boolean first = handle.createUpdate(MARK_ROTATED).bind("token_hash", hash).execute() == 1;
            return find(handle, REFRESH_TABLE, hash, TO_REFRESH)
                    .<RefreshUse>map(token -> first ? new Fresh(token) : new Reused(token))
                    .orElseGet(Unknown::new);
        });
    }

    @Override
    public void revokeFamily(String familyId) {
        calls.useTransaction(handle -> {
            for (String table : new String[] {ACCESS_TABLE, REFRESH_TABLE}) {
                handle.createUpdate(DELETE_FAMILY).define("table", table).bind("family_id", familyId).execute();
            }
        });
    }

    private static void insert(Handle handle, String table, String hash, String familyId, TokenGrant grant,
            Instant issuedAt, Instant expiresAt, Instant authTime) {
        Columns.bindGrant(handle.createUpdate(INSERT).define("table", table), grant)
                .bind("token_hash", hash)
                .bind("family_id", familyId)
                .bind("issued_at", Columns.timestamp(issuedAt))
                .bind("expires_at", Columns.timestamp(expiresAt))
                .bind("auth_time", Columns.timestamp(authTime))
                .execute();
    }

    private static <T> Optional<T> find(Handle handle, String table, String hash, RowMapper<T> mapper) {
        return handle.createQuery(SELECT_BY_HASH)
                .define("table", table)
                .bind("token_hash", hash)
                .map(mapper)
                .findOne();
    }

    /**
     * Maps a row of either table; access and refresh tokens have the same components. Rows from before V16 have no
     * auth_time: their issue time stands in.
     */
    private static <T> RowMapper<T> tokenMapper(TokenConstructor<T> constructor) {
        return (row, context) -> {
            Instant issuedAt = Columns.instant(row, "issued_at");
            return constructor.create(
                    row.getString("token_hash"),
                    row.getString("family_id"),
                    Columns.grant(row),
                    issuedAt,
                    Columns.instant(row, "expires_at"),
                    Columns.optionalInstant(row, "auth_time").orElse(issuedAt));
        };
    }

    @FunctionalInterface
    private interface TokenConstructor<T> {
        T create(String hash, String familyId, TokenGrant grant, Instant issuedAt, Instant expiresAt, Instant authTime);
    }
}
