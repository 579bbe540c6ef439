package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientKeys;
import io.mcpdcr.domain.registration.ClientMetadata;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.registration.RegistrationSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Registered clients in the {@code oauth_client} table. One row per client, written by a single INSERT, so a client
 * is stored whole or not at all. A disabled client ({@code disabled_at} set) stays in the table but is not found.
 * Every database failure, a duplicate {@code client_id} included, surfaces as {@link StoreUnavailableException}.
 */
public final class JdbiClientRegistry implements ClientRegistry {
    // Redirect URIs, grant and response types never contain whitespace; contacts never contain control characters.
    static final String LIST_SEPARATOR = " ";
    private static final String CONTACT_SEPARATOR = "\n";

    static final String INSERT = """
            INSERT INTO oauth_client (client_id, client_name, redirect_uris, grant_types, response_types,
                token_endpoint_auth_method, scope, client_uri, logo_uri, tos_uri, policy_uri, contacts, software_id,
                software_version, application_type, jwks, jwks_uri, issued_at, registered_ip, user_agent)
            VALUES (:client_id, :client_name, :redirect_uris, :grant_types, :response_types,
                :token_endpoint_auth_method, :scope, :client_uri, :logo_uri, :tos_uri, :policy_uri, :contacts,
                :software_id, :software_version, :application_type, :jwks, :jwks_uri, :issued_at, :registered_ip,
                :user_agent)
            """;
    /** The columns {@link #toClient} reads, for the other readers of {@code oauth_client}. */
    static final String CLIENT_COLUMNS = """
            client_id, client_name, redirect_uris, grant_types, response_types, token_endpoint_auth_method, \
            scope, client_uri, logo_uri, tos_uri, policy_uri, contacts, software_id, software_version, \
            application_type, jwks, jwks_uri, issued_at, registered_ip, user_agent""";
    // A disabled client is unknown to authorize and token.
    private static final String SELECT_ENABLED_BY_ID =
            "SELECT " + CLIENT_COLUMNS + " FROM oauth_client WHERE client_id = :client_id AND disabled_at IS NULL";
    // Never moves last_used_at back, so of two concurrent exchanges the later one's time stays.
    private static final String RECORD_USE = """
            UPDATE oauth_client SET last_used_at = :at
            WHERE client_id = :client_id AND (last_used_at IS NULL OR last_used_at < :at)
            """;

    private final StoreCalls calls;

    public JdbiClientRegistry(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "client registry");
    }

    @Override
    public void add(ClientRegistration client) {
        calls.useHandle(handle -> bindClient(handle.createUpdate(INSERT), client).execute());
    }

    /**
     * Binds every column of {@link #INSERT} from the client; shared with the document client cache and the batches of
     * the registration store.
     */
    static <S extends SqlStatement<S>> S bindClient(S statement, ClientRegistration client) {
        ClientMetadata metadata = client.metadata();
        return statement
                .bind("client_id", client.id().value())
                .bind("client_name", metadata.clientName())
                .bind("redirect_uris", String.join(LIST_SEPARATOR, metadata.redirectUris()))
                .bind("grant_types", String.join(LIST_SEPARATOR, metadata.grantTypes()))
                .bind("response_types", String.join(LIST_SEPARATOR, metadata.responseTypes()))
                .bind("token_endpoint_auth_method", metadata.tokenEndpointAuthMethod())
                .bind("scope", metadata.scope().orElse(null))
                .bind("client_uri", metadata.clientUri().orElse(null))
                .bind("logo_uri", metadata.logoUri().orElse(null))
                .bind("tos_uri", metadata.tosUri().orElse(null))
                .bind("policy_uri", metadata.policyUri().orElse(null))
                .bind("contacts", joinOrNull(metadata.contacts(), CONTACT_SEPARATOR))
                .bind("software_id", metadata.softwareId().orElse(null))
                .bind("software_version", metadata.softwareVersion().orElse(null))
                .bind("application_type", metadata.applicationType().orElse(null))
                .bind("jwks", metadata.keys().filter(ClientKeys.Inline.class::isInstance)
                        .map(keys -> JwkSetColumn.write(((ClientKeys.Inline) keys).jwkSet())).orElse(null))
                .bind("jwks_uri", metadata.keys().filter(ClientKeys.Remote.class::isInstance)
                        .map(keys -> ((ClientKeys.Remote) keys).jwksUri()).orElse(null))
                .bind("issued_at", Columns.timestamp(client.issuedAt()))
                .bind("registered_ip", client.source().address())
                .bind("user_agent", client.source().userAgent().orElse(null));
    }

    /** The client unless it is unknown or disabled. */
    @Override
    public Optional<ClientRegistration> find(ClientId id) {
        return calls.withHandle(handle -> handle.createQuery(SELECT_ENABLED_BY_ID)
                .bind("client_id", id.value())
                .map(JdbiClientRegistry::toClient)
                .findOne());
    }

    /** Sets the client's last use to {@code at}, unless it is already later. Does nothing for an unknown client. */
    @Override
    public void recordUse(ClientId id, Instant at) {
        calls.useHandle(handle -> handle.createUpdate(RECORD_USE)
                .bind("client_id", id.value())
                .bind("at", Columns.timestamp(at))
                .execute());
    }

    /** Maps a row of {@link #CLIENT_COLUMNS}; shared with the other readers of {@code oauth_client}. */
    static ClientRegistration toClient(ResultSet row, StatementContext context) throws SQLException {
        var metadata = new ClientMetadata(
                row.getString("client_name"),
                split(row.getString("redirect_uris"), LIST_SEPARATOR),
                split(row.getString("grant_types"), LIST_SEPARATOR),
                split(row.getString("response_types"), LIST_SEPARATOR),
                row.getString("token_endpoint_auth_method"),
                Columns.optional(row, "scope"),
                Columns.optional(row, "client_uri"),
                Columns.optional(row, "logo_uri"),
                Columns.optional(row, "tos_uri"),
                Columns.optional(row, "policy_uri"),
                split(row.getString("contacts"), CONTACT_SEPARATOR),
                Columns.optional(row, "software_id"),
                Columns.optional(row, "software_version"),
                Columns.optional(row, "application_type"),
                keys(Columns.optional(row, "jwks"), Columns.optional(row, "jwks_uri")));
        var source = new RegistrationSource(
                row.getString("registered_ip"), Columns.optional(row, "user_agent"));
        return new ClientRegistration(
                new ClientId(row.getString("client_id")), metadata, Columns.instant(row, "issued_at"), source);
    }

    private static Optional<ClientKeys> keys(Optional<String> jwks, Optional<String> jwksUri) {
        return jwks.<ClientKeys>map(json -> new ClientKeys.Inline(JwkSetColumn.read(json)))
                .or(() -> jwksUri.map(ClientKeys.Remote::new));
    }

    /** An empty list is NULL, so "no contacts" reads as absent in SQL too. */
    private static String joinOrNull(List<String> values, String separator) {
        return values.isEmpty() ? null : String.join(separator, values);
    }

    /** The redirect URIs of a stored {@code redirect_uris} column, in registration order. */
    static List<String> redirectUris(String joined) {
        return split(joined, LIST_SEPARATOR);
    }

    /** The stored list back; NULL and "" are the empty list. */
    private static List<String> split(String joined, String separator) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(separator, -1));
    }
}
