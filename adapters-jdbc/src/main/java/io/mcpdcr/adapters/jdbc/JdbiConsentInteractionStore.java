package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.ConsentInteractionStore;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.authorization.PendingConsent;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * Consent pages awaiting an answer, in {@code consent_interaction}, shared by every instance. An interaction needs its
 * session and goes with it. Database failures surface as {@link StoreUnavailableException}.
 */
public final class JdbiConsentInteractionStore implements ConsentInteractionStore {
    private static final String INSERT = """
            INSERT INTO consent_interaction (id_hash, session_hash, request_hash, expires_at)
            VALUES (:id_hash, :session_hash, :request_hash, :expires_at)
            """;
    // Bounds a session's rows: all but its latest MAX_PER_SESSION - 1 go before the new one is added.
    private static final String FORGET_OLDEST = """
            DELETE FROM consent_interaction WHERE session_hash = :session_hash AND id_hash NOT IN (
                SELECT id_hash FROM consent_interaction WHERE session_hash = :session_hash
                ORDER BY expires_at DESC LIMIT :keep)
            """;
    // One statement: of two concurrent answers, on any instance, exactly one deletes the row.
    private static final String CLOSE = """
            DELETE FROM consent_interaction
            WHERE id_hash = :id_hash AND session_hash = :session_hash AND request_hash = :request_hash
                AND expires_at > :now
            """;

    private final StoreCalls calls;

    public JdbiConsentInteractionStore(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "consent interaction store");
    }

    @Override
    public void open(PendingConsent pending) {
        calls.useTransaction(handle -> {
            handle.createUpdate(FORGET_OLDEST)
                    .bind("session_hash", pending.sessionHash())
                    .bind("keep", PendingConsent.MAX_PER_SESSION - 1)
                    .execute();
            handle.createUpdate(INSERT)
                    .bind("id_hash", pending.idHash())
                    .bind("session_hash", pending.sessionHash())
                    .bind("request_hash", pending.requestHash())
                    .bind("expires_at", Columns.timestamp(pending.expiresAt()))
                    .execute();
        });
    }

    @Override
    public boolean close(String idHash, String sessionHash, String requestHash, Instant now) {
        return calls.withHandle(handle -> handle.createUpdate(CLOSE)
                .bind("id_hash", idHash)
                .bind("session_hash", sessionHash)
                .bind("request_hash", requestHash)
                .bind("now", Columns.timestamp(now))
                .execute()) == 1;
    }
}
