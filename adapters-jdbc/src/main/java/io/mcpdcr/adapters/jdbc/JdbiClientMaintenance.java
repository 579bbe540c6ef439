package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.ClientMaintenance;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Finds abandoned clients in {@code oauth_client}; deletes, disables and enables clients and revokes their tokens. Deleting relies on the foreign
 * keys' ON DELETE CASCADE for codes, tokens and consents; the audit trail has no foreign key and keeps its rows.
 * Database failures surface as {@link StoreUnavailableException}.
 */
public final class JdbiClientMaintenance implements ClientMaintenance {
    // Ids per DELETE: few round trips, and far below any database's limit on bound parameters.
    static final int DELETE_BATCH = 500;

    private static final String NEVER_USED = """
            SELECT client_id FROM oauth_client
            WHERE issued_at < :cutoff AND last_used_at IS NULL
            ORDER BY issued_at, client_id
            """;
    // A rotated refresh token has been spent: only an unrotated, unexpired one lets the client come back.
    private static final String UNUSED_SINCE = """
            SELECT c.client_id FROM oauth_client c
            WHERE c.last_used_at < :cutoff
              AND NOT EXISTS (SELECT 1 FROM refresh_token r
                              WHERE r.client_id = c.client_id AND r.expires_at > :now AND r.rotated_at IS NULL)
            ORDER BY c.last_used_at, c.client_id
            """;
    private static final String DELETE_CLIENTS = "DELETE FROM oauth_client WHERE client_id IN (<client_ids>)";
    // COALESCE keeps the first disabling time when a client is disabled twice.
    private static final String DISABLE = """
            UPDATE oauth_client SET disabled_at = COALESCE(disabled_at, :at) WHERE client_id = :client_id
            """;
    private static final String ENABLE = "UPDATE oauth_client SET disabled_at = NULL WHERE client_id = :client_id";
    private static final String EXISTS = "SELECT COUNT(*) FROM oauth_client WHERE client_id = :client_id";
    private static final List<String> DELETE_GRANTS = List.of(
            "DELETE FROM authorization_code WHERE client_id = :client_id",
            "DELETE FROM access_token WHERE client_id = :client_id",
            "DELETE FROM refresh_token WHERE client_id = :client_id");

    private final StoreCalls calls;
    private final InstantSource clock;

    /** @param clock what {@link #disable} records as the time a client was disabled */
    public JdbiClientMaintenance(Jdbi jdbi, InstantSource clock) {
        this.calls = new StoreCalls(jdbi, "client maintenance");
        this.clock = clock;
    }

    /** Oldest first. Disabled clients count too: disabling does not exempt a client from pruning. */
    @Override
    public List<ClientId> neverUsed(Instant registeredBefore) {
        return calls.withHandle(handle -> handle.createQuery(NEVER_USED)
                .bind("cutoff", Columns.timestamp(registeredBefore))
                .map((row, context) -> new ClientId(row.getString("client_id")))
                .list());
    }

    /** Least recently used first. Clients never used are {@link #neverUsed}'s, never this rule's. */
    @Override
    public List<ClientId> unusedSince(Instant lastUsedBefore, Instant now) {
        return calls.withHandle(handle -> handle.createQuery(UNUSED_SINCE)
                .bind("cutoff", Columns.timestamp(lastUsedBefore))
                .bind("now", Columns.timestamp(now))
                .map((row, context) -> new ClientId(row.getString("client_id")))
                .list());
    }

    /** All or none, in one transaction; unknown ids (or ones already deleted) are not counted. */
    @Override
    public int delete(Collection<ClientId> clients) {
        List<String> ids = clients.stream().map(ClientId::value).distinct().toList();
        if (ids.isEmpty()) {
            return 0;
        }
        return calls.inTransaction(handle -> {
            int deleted = 0;
            for (int from = 0; from < ids.size(); from += DELETE_BATCH) {
                List<String> batch = ids.subList(from, Math.min(ids.size(), from + DELETE_BATCH));
                deleted += handle.createUpdate(DELETE_CLIENTS).bindList("client_ids", batch).execute();
            }
            return deleted;
        });
    }

    /**
     * Marks the client disabled and deletes its codes and tokens, in one transaction. Its consents stay (they grant
     * nothing to a disabled client) until it is deleted. Disabling a disabled client again keeps its first time and
     * answers true; false only for an unknown client.
     */
    @Override
    public boolean disable(ClientId client) {
        var at = Columns.timestamp(clock.instant());
        return calls.inTransaction(handle -> {
            if (handle.createUpdate(DISABLE).bind("at", at).bind("client_id", client.value()).execute() == 0) {
                return false;
            }
            deleteGrants(handle, client);
            return true;
        });
    }

    /** Clears the disabled mark; enabling an enabled client answers true, false only for an unknown client. */
    @Override
    public boolean enable(ClientId client) {
        return calls.withHandle(handle -> handle.createUpdate(ENABLE).bind("client_id", client.value()).execute()) == 1;
    }

    /** Deletes the client's codes and tokens in one transaction; its consents stay. False for an unknown client. */
    @Override
    public boolean revokeTokens(ClientId client) {
        return calls.inTransaction(handle -> {
            if (handle.createQuery(EXISTS).bind("client_id", client.value()).mapTo(Integer.class).one() == 0) {
                return false;
            }
            deleteGrants(handle, client);
            return true;
        });
    }

    private static void deleteGrants(Handle handle, ClientId client) {
        for (String delete : DELETE_GRANTS) {
            handle.createUpdate(delete).bind("client_id", client.value()).execute();
        }
    }
}
