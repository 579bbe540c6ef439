package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.monitoring.Finding;
import io.mcpdcr.domain.monitoring.Finding.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on PostgreSQL, in a schema of its own; and scans overlapping across instances, which only it serves. */
class PostgresMonitoringStoreTest extends MonitoringStoreContract {
    @RegisterExtension
    static final PostgresSchema POSTGRES = new PostgresSchema();

    @Override
    protected String jdbcUrl() {
        return POSTGRES.url();
    }

    @Test
    void scansOverlappingOnSeveralInstancesStoreEachFindingOnce() throws Exception {
        var finding = new Finding(Kind.IMPERSONATION, "C1aude", "redirects to evil.example", Fixtures.NOW);
        // Each thread is an instance with its own store on the same database.
        List<Integer> stored = Race.run(8, () -> new JdbiMonitoringStore(database.jdbi())
                .saveNew(List.of(finding), Fixtures.NOW.minus(Duration.ofDays(1))).size());

        assertThat(stored.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    }
}
