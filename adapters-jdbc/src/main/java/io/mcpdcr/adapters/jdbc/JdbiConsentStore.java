package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.ConsentStore;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Remembered consents in {@code consent}, one per user, client and resource, with the redirect URI each was given
 * for; "no resource" is the key ''. They go with their client. Database failures surface as {@link StoreUnavailableException}.
 */
public final class JdbiConsentStore implements ConsentStore {
    private static final String NO_RESOURCE = "";

    private static final String SELECT_SCOPES = """
            SELECT scopes, redirect_uri FROM consent WHERE username = :username AND client_id = :client_id AND resource = :resource
            """;
    // Insert-or-update without ON CONFLICT DO UPDATE (H2 lacks it). Inserting first lets a concurrent insert of the
    // same key make ours do nothing on PostgreSQL instead of failing; the update then writes our scopes.
    private static final String INSERT = """
            INSERT INTO consent (username, client_id, resource, scopes, redirect_uri, granted_at)
            VALUES (:username, :client_id, :resource, :scopes, :redirect_uri, CURRENT_TIMESTAMP)
            ON CONFLICT DO NOTHING
            """;
    private static final String UPDATE = """
            UPDATE consent SET scopes = :scopes, redirect_uri = :redirect_uri, granted_at = CURRENT_TIMESTAMP
            WHERE username = :username AND client_id = :client_id AND resource = :resource
            """;

    private final StoreCalls calls;

    public JdbiConsentStore(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "consent store");
    }

    @Override
    public Optional<Remembered> granted(String username, ClientId clientId, Optional<String> resource) {
        return calls.withHandle(handle -> handle.createQuery(SELECT_SCOPES)
                .bind("username", username)
                .bind("client_id", clientId.value())
                .bind("resource", resource.orElse(NO_RESOURCE))
                .map((row, context) -> new Remembered(ScopeSet.parse(row.getString("scopes")),
                        row.getString("redirect_uri")))
                .findOne());
    }

    /** Stores the scopes and redirect URI, replacing what the user approved before for this client and resource. */
    @Override
    public void remember(String username, ClientId clientId, Optional<String> resource, ScopeSet scopes,
            String redirectUri) {
        calls.useTransaction(handle -> {
            if (write(handle, INSERT, username, clientId, resource, scopes, redirectUri) == 0) {
                write(handle, UPDATE, username, clientId, resource, scopes, redirectUri);
            }
        });
    }

    private static int write(Handle handle, String statement, String username, ClientId clientId,
            Optional<String> resource, ScopeSet scopes, String redirectUri) {
        return handle.createUpdate(statement)
                .bind("username", username)
                .bind("client_id", clientId.value())
                .bind("resource", resource.orElse(NO_RESOURCE))
                .bind("scopes", scopes.toString())
                .bind("redirect_uri", redirectUri)
                .execute();
    }
}
