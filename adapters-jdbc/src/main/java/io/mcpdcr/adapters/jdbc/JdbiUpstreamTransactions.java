package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.UpstreamTransactions;
import io.mcpdcr.domain.identity.UpstreamTransaction;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Sign-ins under way at upstream providers in {@code upstream_transaction}. The live count is read before each
 * insert: two instances may both pass at the bound, which overshoots it by a few rows, never without limit.
 */
public final class JdbiUpstreamTransactions implements UpstreamTransactions {
    private static final String COUNT_LIVE = "SELECT COUNT(*) FROM upstream_transaction WHERE expires_at > :now";
    private static final String INSERT = """
            INSERT INTO upstream_transaction (state_hash, provider, browser_hash, nonce, code_verifier, return_to,
                destination, created_at, expires_at)
            VALUES (:state_hash, :provider, :browser_hash, :nonce, :code_verifier, :return_to, :destination,
                :created_at, :expires_at)
            """;
    private static final String SELECT = "SELECT * FROM upstream_transaction WHERE state_hash = :state_hash";
    private static final String SPEND =
            "UPDATE upstream_transaction SET used = TRUE WHERE state_hash = :state_hash AND used = FALSE";

    private final StoreCalls calls;

    public JdbiUpstreamTransactions(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "upstream transactions");
    }

    @Override
    public boolean begin(UpstreamTransaction transaction, int maxLive, Instant now) {
        return calls.withHandle(handle -> {
            int live = handle.createQuery(COUNT_LIVE).bind("now", Columns.timestamp(now)).mapTo(Integer.class).one();
            if (live >= maxLive) {
                return false;
            }
            handle.createUpdate(INSERT)
                    .bind("state_hash", transaction.stateHash())
                    .bind("provider", transaction.provider())
                    .bind("browser_hash", transaction.browserHash())
                    .bind("nonce", transaction.nonce())
                    .bind("code_verifier", transaction.codeVerifier())
                    .bind("return_to", transaction.returnTo())
                    .bind("destination", transaction.destination())
                    .bind("created_at", Columns.timestamp(transaction.createdAt()))
                    .bind("expires_at", Columns.timestamp(transaction.expiresAt()))
                    .execute();
            return true;
        });
    }

    @Override
    public Optional<UpstreamTransaction> find(String stateHash) {
        return calls.withHandle(handle -> handle.createQuery(SELECT)
                .bind("state_hash", stateHash)
                .map((row, context) -> new UpstreamTransaction(row.getString("state_hash"), row.getString("provider"),
                        row.getString("browser_hash"), row.getString("nonce"), row.getString("code_verifier"),
                        row.getString("return_to"), row.getString("destination"), Columns.instant(row, "created_at"),
                        Columns.instant(row, "expires_at"), row.getBoolean("used")))
                .findOne());
    }

    @Override
    public boolean spend(String stateHash) {
        return calls.withHandle(handle -> handle.createUpdate(SPEND).bind("state_hash", stateHash).execute() == 1);
    }
}
