package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.core.BaseConnection;

/** The contract on PostgreSQL, in a schema of its own. */
class PostgresRegistrationStoreTest extends RegistrationStoreContract {
    @RegisterExtension
    static final PostgresSchema POSTGRES = new PostgresSchema();

    @Override
    protected String jdbcUrl() {
        return POSTGRES.url();
    }

    @Test
    void sendsBatchesAsMultiRowInsertsUnlessTheUrlSaysOtherwise() throws SQLException {
        assertThat(rewritesBatchedInserts(jdbcUrl())).isTrue();
        assertThat(rewritesBatchedInserts(jdbcUrl() + "&reWriteBatchedInserts=false")).isFalse();
    }

    private static boolean rewritesBatchedInserts(String url) throws SQLException {
        try (Database database = Database.open(url, "", "", 1)) {
            return database.jdbi().withHandle(handle -> handle.getConnection().unwrap(BaseConnection.class)
                    .getQueryExecutor().isReWriteBatchedInsertsEnabled());
        }
    }
}
