package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpdcr.application.port.StoreUnavailableException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A store contract: each test gets its own pool on a migrated database, H2 or PostgreSQL as the subclass says, with
 * every table emptied first, so tests neither see nor collide with each other's rows.
 */
abstract class DatabaseContract {
    // Enough connections for the concurrency tests to race inside the database, not in the pool.
    static final int POOL_SIZE = 8;
    // Referencing tables before the ones they reference.
    private static final List<String> TABLES = List.of("consent", "access_token", "refresh_token",
            "authorization_code", "user_session", "external_identity", "upstream_transaction", "user_account", "resource_server", "oauth_client", "audit_event",
            "throttle_count", "refusal_count", "gateway_refusal_count", "finding", "task_lease", "signing_key",
            "shared_permit", "document_fetch_failure");

    protected Database database;

    /** A migrated database URL; the same one may serve every test of the suite. */
    protected abstract String jdbcUrl();

    @BeforeEach
    final void openDatabase() {
        database = Database.open(jdbcUrl(), "", "", POOL_SIZE);
        database.jdbi().useTransaction(handle -> TABLES.forEach(table -> handle.execute("DELETE FROM " + table)));
    }

    @AfterEach
    final void closeDatabase() {
        database.close();
    }

    /** The call fails the way every store fails when its database does: unavailable, naming only the store. */
    static void assertUnavailable(String message, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage(message)
                .hasCauseInstanceOf(JdbiException.class);
    }
}
