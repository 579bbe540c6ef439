package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.UsedClientAssertions;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * The jtis of accepted client assertions in {@code client_assertion_jti}; its primary key makes the first INSERT of
 * a (client, jti) win on every instance, and the purge job deletes rows past {@code expires_at}.
 */
public final class JdbiUsedClientAssertions implements UsedClientAssertions {
    private static final String INSERT =
            "INSERT INTO client_assertion_jti (client_id, jti, expires_at) VALUES (:client_id, :jti, :expires_at)";

    private final StoreCalls calls;

    public JdbiUsedClientAssertions(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "used client assertions");
    }

    @Override
    public boolean firstUse(ClientId client, String jwtId, Instant rememberUntil) {
        return calls.withHandle(handle -> {
            try {
                handle.createUpdate(INSERT)
                        .bind("client_id", client.value())
                        .bind("jti", jwtId)
                        .bind("expires_at", Columns.timestamp(rememberUntil))
                        .execute();
                return true;
            } catch (RuntimeException e) {
                if (Columns.isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        });
    }
}
