package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.DocumentClientCache;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/**
 * Document-identified clients as cache rows of {@code oauth_client} (marked by {@code document_refresh_after}), so
 * codes, tokens and consents can refer to them and the admin commands and prune see them like registered clients;
 * and their last failed fetches in {@code document_fetch_failure}, which the purge job deletes once forgotten.
 */
public final class JdbiDocumentClientCache implements DocumentClientCache {
    private static final String SELECT = "SELECT " + JdbiClientRegistry.CLIENT_COLUMNS
            + ", document_refresh_after, disabled_at FROM oauth_client"
            + " WHERE client_id = :client_id AND document_refresh_after IS NOT NULL";
    // Refreshes the metadata only: disabled_at and last_used_at stay as they are.
    private static final String REFRESH = """
            UPDATE oauth_client SET client_name = :client_name, redirect_uris = :redirect_uris,
                grant_types = :grant_types, response_types = :response_types,
                token_endpoint_auth_method = :token_endpoint_auth_method, scope = :scope, client_uri = :client_uri,
                logo_uri = :logo_uri, tos_uri = :tos_uri, policy_uri = :policy_uri, contacts = :contacts,
                software_id = :software_id, software_version = :software_version, application_type = :application_type,
                jwks = :jwks, jwks_uri = :jwks_uri,
                registered_ip = :registered_ip, user_agent = :user_agent, issued_at = :issued_at,
                document_refresh_after = :refresh_after
            WHERE client_id = :client_id AND document_refresh_after IS NOT NULL
            """;
    private static final String STORED_REDIRECT_URIS = "SELECT redirect_uris FROM oauth_client"
            + " WHERE client_id = :client_id AND document_refresh_after IS NOT NULL";
    private static final String FORGET_CONSENTS = "DELETE FROM consent WHERE client_id = :client_id";
    private static final String MARK = "UPDATE oauth_client SET document_refresh_after = :refresh_after"
            + " WHERE client_id = :client_id";

    private static final String LAST_FAILURE =
            "SELECT reason, retry_after, backoff_seconds FROM document_fetch_failure WHERE client_id = :client_id";
    private static final String UPDATE_FAILURE = """
            UPDATE document_fetch_failure SET reason = :reason, retry_after = :retry_after,
                backoff_seconds = :backoff_seconds, forget_at = :forget_at
            WHERE client_id = :client_id
            """;
    private static final String INSERT_FAILURE = """
            INSERT INTO document_fetch_failure (client_id, reason, retry_after, backoff_seconds, forget_at)
            VALUES (:client_id, :reason, :retry_after, :backoff_seconds, :forget_at)
            """;
    private static final String FORGET_FAILURE = "DELETE FROM document_fetch_failure WHERE client_id = :client_id";
    // Column size of V17__shared_limits.sql.
    private static final int MAX_REASON = 1000;

    private final StoreCalls calls;

    public JdbiDocumentClientCache(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "document client cache");
    }

    @Override
    public Optional<CachedClient> find(ClientId id) {
        return calls.withHandle(handle -> handle.createQuery(SELECT)
                .bind("client_id", id.value())
                .map((row, context) -> new CachedClient(JdbiClientRegistry.toClient(row, context),
                        Columns.instant(row, "document_refresh_after"),
                        Columns.optionalInstant(row, "disabled_at").isPresent()))
                .findOne());
    }

    /**
     * Stores the fetched document. When its redirect URIs changed, the consents remembered for the client are
     * forgotten: they were given for where the old document sent codes.
     */
    @Override
    public void save(ClientRegistration client, Instant refreshAfter) {
        String redirectUris = String.join(JdbiClientRegistry.LIST_SEPARATOR, client.metadata().redirectUris());
        calls.useHandle(handle -> handle.useTransaction(transaction -> {
            Optional<String> stored = transaction.createQuery(STORED_REDIRECT_URIS)
                    .bind("client_id", client.id().value())
                    .mapTo(String.class)
                    .findOne();
            if (stored.isPresent() && !stored.get().equals(redirectUris)) {
                transaction.createUpdate(FORGET_CONSENTS).bind("client_id", client.id().value()).execute();
            }
            int refreshed = JdbiClientRegistry.bindClient(transaction.createUpdate(REFRESH), client)
                    .bind("refresh_after", Columns.timestamp(refreshAfter))
                    .execute();
            if (refreshed == 0) {
                JdbiClientRegistry.bindClient(transaction.createUpdate(JdbiClientRegistry.INSERT), client).execute();
                transaction.createUpdate(MARK)
                        .bind("client_id", client.id().value())
                        .bind("refresh_after", Columns.timestamp(refreshAfter))
                        .execute();
            }
        }));
    }

    @Override
    public Optional<FetchFailure> lastFailure(ClientId id) {
        return calls.withHandle(handle -> handle.createQuery(LAST_FAILURE)
                .bind("client_id", id.value())
                .map((row, context) -> new FetchFailure(row.getString("reason"), Columns.instant(row, "retry_after"),
                        Duration.ofSeconds(row.getInt("backoff_seconds"))))
                .findOne());
    }

    /** An update, else an insert; of two instances inserting at once, the second updates instead. */
    @Override
    public void rememberFailure(ClientId id, FetchFailure failure, Instant forgetAt) {
        calls.useHandle(handle -> {
            if (bindFailure(handle.createUpdate(UPDATE_FAILURE), id, failure, forgetAt).execute() == 1) {
                return;
            }
            try {
                bindFailure(handle.createUpdate(INSERT_FAILURE), id, failure, forgetAt).execute();
            } catch (RuntimeException e) {
                if (!Columns.isDuplicateKey(e)) {
                    throw e;
                }
                bindFailure(handle.createUpdate(UPDATE_FAILURE), id, failure, forgetAt).execute();
            }
        });
    }

    @Override
    public void forgetFailure(ClientId id) {
        calls.useHandle(handle -> handle.createUpdate(FORGET_FAILURE).bind("client_id", id.value()).execute());
    }

    private static Update bindFailure(Update update, ClientId id, FetchFailure failure, Instant forgetAt) {
        return update.bind("client_id", id.value())
                .bind("reason", Columns.storable(failure.reason(), MAX_REASON))
                .bind("retry_after", Columns.timestamp(failure.retryAfter()))
                .bind("backoff_seconds", (int) Math.min(Integer.MAX_VALUE, failure.backoff().toSeconds()))
                .bind("forget_at", Columns.timestamp(forgetAt));
    }
}
