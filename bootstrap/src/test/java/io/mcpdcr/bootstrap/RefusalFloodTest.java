package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 6, against the jar on its embedded database: a flood of refused requests from one address, each on a
 * new connection, all at once. Each request used to add one to its count in the database before answering, all
 * waiting on the same row, so the connection pool ran dry and some answered 503. Counted in memory and written in a
 * batch, every one is answered as refused (400 or 401) or throttled (429), and all are in the counts once the server
 * has stopped.
 */
class RefusalFloodTest {
    private static final int REQUESTS = 1000;

    @TempDir
    Path dir;

    @Test
    void aFloodOfRefusedTokenRequestsFromOneAddressGetsNo5xxAndIsCountedWhole() throws Exception {
        Map<String, Integer> answers = flood(i -> RawBurst.form("/o/token/", "grant_type=x" + i));

        assertThat(answers.keySet()).as("what %d refused token requests got: %s", REQUESTS, answers)
                .isSubsetOf("HTTP/1.1 400", "HTTP/1.1 429");
        assertThat(counted("refusal_count WHERE action = 'TOKEN' AND error_code = 'unsupported_grant_type'")
                + counted("throttle_count WHERE limit_name = 'token-per-ip'")).isEqualTo(REQUESTS);
    }

    @Test
    void aFloodOfRefusedRevocationsAndIntrospectionsFromOneAddressGetsNo5xxAndIsCountedWhole() throws Exception {
        Map<String, Integer> answers = flood(i -> i % 2 == 0
                ? RawBurst.form("/o/revoke/", "client_id=no-such-client-" + i + "&token=t")
                : RawBurst.form("/o/introspect/", "client_id=rs-" + i + "&client_secret=guess&token=t"));

        assertThat(answers.keySet()).as("what %d refused requests got: %s", REQUESTS, answers)
                .isSubsetOf("HTTP/1.1 401", "HTTP/1.1 429");
        assertThat(counted("refusal_count WHERE action IN ('REVOCATION', 'INTROSPECTION')")
                + counted("throttle_count WHERE limit_name = 'token-per-ip'")).isEqualTo(REQUESTS);
    }

    private Map<String, String> env;

    /** Sends the requests to the jar, then stops it as an operator does (SIGTERM), which writes what it counted. */
    private Map<String, Integer> flood(java.util.function.IntFunction<byte[]> request) throws Exception {
        int port = FreePort.pick();
        env = Map.of("DCR_DATA_DIR", dir.toString(), "DCR_ISSUER", "http://127.0.0.1:" + port, "DCR_TASKS", "off",
                "DCR_LOG_LEVEL", "WARN");
        try (ServerProcess server = ServerProcess.start(List.of("-XX:+UseSerialGC", "-Xmx256m"), env, port, dir)) {
            Map<String, Integer> answers = RawBurst.statuses(port, REQUESTS, request);
            assertThat(server.stop()).as("stopped gracefully").isTrue();
            assertThat(server.log()).doesNotContain("Exception");
            return answers;
        }
    }

    /** The attempts counted from this host in the rows {@code tableAndCondition} selects. */
    private long counted(String tableAndCondition) {
        return AdminCommand.withDatabase(env, database -> database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT COALESCE(SUM(attempts), 0) FROM " + tableAndCondition + " AND address = '127.0.0.1'")
                .mapTo(Long.class).one()));
    }
}
