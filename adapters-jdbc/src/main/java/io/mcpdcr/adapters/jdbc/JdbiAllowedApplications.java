package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.AllowedApplications;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.account.AllowedApplication;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * A user's allowed applications, read from {@code consent}, {@code access_token} and {@code refresh_token} with their
 * client's name and redirect URIs, and revoked from all three and {@code authorization_code}. Every statement is
 * bounded by the username, so one user's request never reaches another's rows. Database failures surface as
 * {@link StoreUnavailableException}.
 */
public final class JdbiAllowedApplications implements AllowedApplications {
    private static final String SELECT_GRANTS = """
            SELECT grants.client_id, c.client_name, c.redirect_uris, grants.scopes, grants.since, grants.used_at
            FROM (
                SELECT client_id, scopes, granted_at AS since, CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS used_at
                FROM consent WHERE username = :username
                UNION ALL
                SELECT client_id, scopes, issued_at, issued_at
                FROM access_token WHERE username = :username AND expires_at > :now
                UNION ALL
                SELECT client_id, scopes, issued_at, issued_at
                FROM refresh_token WHERE username = :username AND expires_at > :now
            ) grants
            JOIN oauth_client c ON c.client_id = grants.client_id
            """;
    private static final List<String> DELETE_GRANTS = List.of(
            "DELETE FROM authorization_code WHERE username = :username AND client_id = :client_id",
            "DELETE FROM access_token WHERE username = :username AND client_id = :client_id",
            "DELETE FROM refresh_token WHERE username = :username AND client_id = :client_id",
            "DELETE FROM consent WHERE username = :username AND client_id = :client_id");

    private final StoreCalls calls;

    public JdbiAllowedApplications(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "allowed applications");
    }

    @Override
    public List<AllowedApplication> allowedBy(String username, Instant now) {
        return AllowedApplication.of(calls.withHandle(handle -> handle.createQuery(SELECT_GRANTS)
                .bind("username", username)
                .bind("now", Columns.timestamp(now))
                .map((row, context) -> new AllowedApplication.Grant(
                        new ClientId(row.getString("client_id")),
                        row.getString("client_name"),
                        JdbiClientRegistry.redirectUris(row.getString("redirect_uris")),
                        ScopeSet.parse(row.getString("scopes")),
                        Columns.instant(row, "since"),
                        Columns.optionalInstant(row, "used_at")))
                .list()));
    }

    @Override
    public boolean revoke(String username, ClientId clientId) {
        return calls.inTransaction(handle -> {
            int deleted = 0;
            for (String statement : DELETE_GRANTS) {
                deleted += handle.createUpdate(statement)
                        .bind("username", username)
                        .bind("client_id", clientId.value())
                        .execute();
            }
            return deleted > 0;
        });
    }
}
