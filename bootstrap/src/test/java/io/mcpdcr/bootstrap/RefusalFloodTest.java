package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 6, against the jar on its embedded database: a flood of refused requests from one address, each on a
 * new connection, all at once. Each request used to add one to its count in the database before answering, all
 * waiting on the same row, so the connection pool ran dry and some answered 503. Counted in memory and written in a
 * batch every few seconds, every one is answered as refused (400 or 401) or throttled (429), and all are in the
 * counts after the next write. The database pool is made small (2) so that the queue on one row shows on every run.
 */
class RefusalFloodTest {
    private static final int REQUESTS = 1000;

    @TempDir
    Path dir;
    private Map<String, String> env;

    @Test
    void aFloodOfRefusedTokenRequestsFromOneAddressGetsNo5xxAndIsCountedWhole() throws Exception {
        String counts = "refusal_count WHERE action = 'TOKEN' AND error_code = 'unsupported_grant_type'";
        Map<String, Integer> answers = flood(i -> RawBurst.form("/o/token/", "grant_type=x" + i), counts);

        assertThat(answers.keySet()).as("what %d refused token requests got: %s", REQUESTS, answers)
                .isSubsetOf("HTTP/1.1 400", "HTTP/1.1 429");
        assertThat(counted(counts)).isEqualTo(REQUESTS);
    }

    @Test
    void aFloodOfRefusedRevocationsAndIntrospectionsFromOneAddressGetsNo5xxAndIsCountedWhole() throws Exception {
        String counts = "refusal_count WHERE action IN ('REVOCATION', 'INTROSPECTION')";
        Map<String, Integer> answers = flood(i -> i % 2 == 0
                ? RawBurst.form("/o/revoke/", "client_id=no-such-client-" + i + "&token=t")
                : RawBurst.form("/o/introspect/", "client_id=rs-" + i + "&client_secret=guess&token=t"), counts);

        assertThat(answers.keySet()).as("what %d refused requests got: %s", REQUESTS, answers)
                .isSubsetOf("HTTP/1.1 401", "HTTP/1.1 429");
        assertThat(counted(counts)).isEqualTo(REQUESTS);
    }

    /** Sends the requests to the jar, then waits for its next write of the counts (every 5 s) to hold them all. */
    private Map<String, Integer> flood(IntFunction<byte[]> request, String counts) throws Exception {
        int port = FreePort.pick();
        env = Map.of("DCR_DATA_DIR", dir.toString(), "DCR_ISSUER", "http://127.0.0.1:" + port, "DCR_TASKS", "off",
                "DCR_LOG_LEVEL", "WARN", "DCR_DB_POOL_SIZE", "2");
        try (ServerProcess server = ServerProcess.start(List.of("-XX:+UseSerialGC", "-Xmx256m"), env, port, dir)) {
            Map<String, Integer> answers = RawBurst.statuses(port, REQUESTS, request);
            long deadline = System.nanoTime() + 3 * Wiring.AUDIT_COUNTS_INTERVAL.toNanos();
            while (counted(counts) < REQUESTS && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(server.log()).doesNotContain("Exception");
            return answers;
        }
    }

    /** The attempts from this host counted in {@code tableAndCondition}, refused or past the per-address limit. */
    private long counted(String tableAndCondition) {
        return DatabaseRows.number(env,
                "SELECT (SELECT COALESCE(SUM(attempts), 0) FROM " + tableAndCondition + " AND address = '127.0.0.1')"
                        + " + (SELECT COALESCE(SUM(attempts), 0) FROM throttle_count WHERE address = '127.0.0.1'"
                        + " AND limit_name = 'token-per-ip')");
    }
}
