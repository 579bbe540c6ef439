package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.SigningKeyStore;
import io.mcpdcr.domain.token.SigningKey;
import java.time.InstantSource;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Signing keys in {@code signing_key}, one row per rotation slot: of instances inserting the same slot at once, one
 * inserts and the others do nothing, so all of them then read the same key. Database failures surface as
 * {@link io.mcpdcr.application.port.StoreUnavailableException}.
 */
public final class JdbiSigningKeyStore implements SigningKeyStore {
    private static final String SELECT_ALL = """
            SELECT slot, kid, alg, public_jwk, private_key, activates_at FROM signing_key ORDER BY slot
            """;
    private static final String INSERT = """
            INSERT INTO signing_key (slot, kid, alg, public_jwk, private_key, created_at, activates_at)
            VALUES (:slot, :kid, :alg, :public_jwk, :private_key, :created_at, :activates_at)
            ON CONFLICT DO NOTHING
            """;
    private static final String DELETE = "DELETE FROM signing_key WHERE kid IN (<kids>)";

    private final StoreCalls calls;
    private final InstantSource clock;

    public JdbiSigningKeyStore(Jdbi jdbi, InstantSource clock) {
        this.calls = new StoreCalls(jdbi, "signing key store");
        this.clock = clock;
    }

    @Override
    public List<StoredSigningKey> all() {
        return calls.withHandle(handle -> handle.createQuery(SELECT_ALL)
                .map((row, context) -> new StoredSigningKey(
                        new SigningKey(row.getString("kid"), row.getLong("slot"), row.getString("alg"),
                                row.getString("public_jwk"), Columns.instant(row, "activates_at")),
                        row.getString("private_key")))
                .list());
    }

    @Override
    public boolean add(StoredSigningKey stored) {
        SigningKey key = stored.key();
        return calls.withHandle(handle -> handle.createUpdate(INSERT)
                .bind("slot", key.slot())
                .bind("kid", key.kid())
                .bind("alg", key.algorithm())
                .bind("public_jwk", key.publicJwk())
                .bind("private_key", stored.sealedPrivateKey())
                .bind("created_at", Columns.timestamp(clock.instant()))
                .bind("activates_at", Columns.timestamp(key.activatesAt()))
                .execute() == 1);
    }

    @Override
    public int drop(List<String> kids) {
        if (kids.isEmpty()) {
            return 0;
        }
        return calls.withHandle(handle -> handle.createUpdate(DELETE).bindList("kids", kids).execute());
    }
}
