package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's admin commands on the embedded H2 file, while a server holds the same file open. */
class AdminCommandTest {
    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void managesUsersWhileTheServerRuns() {
        try (Wiring server = Wiring.build(Settings.from(env()))) {
            server.start("127.0.0.1", 0);

            assertThat(run("s3cret-password\n", "users", "add", "alice", "--password-stdin")).isZero();
            assertThat(run("another-password\n", "users", "add", "bob", "--password-stdin")).isZero();
            assertThat(run("", "users", "list")).isZero();
            assertThat(out.toString()).contains("alice\tlocal\nbob\tlocal\n");
            assertThat(run("s3cret-password\n", "users", "add", "alice", "--password-stdin")).isEqualTo(1);
            assertThat(err.toString()).contains("already exists");
            assertThat(run("new-long-password\n", "users", "passwd", "alice", "--password-stdin")).isZero();
            assertThat(out.toString()).contains("changed the password of alice; revoked their tokens and consents");
            assertThat(run("newer-long-password\n", "users", "passwd", "alice", "--password-stdin", "--keep-tokens"))
                    .isZero();
            assertThat(out.toString()).contains("changed the password of alice; kept their tokens and consents");
            assertThat(run("new-long-password\n", "users", "passwd", "nobody", "--password-stdin")).isEqualTo(1);
            assertThat(err.toString()).contains("no user nobody");
            assertThat(run("", "users", "remove", "bob")).isZero();
            assertThat(out.toString()).contains("removed user bob and revoked their tokens and consents");
            assertThat(run("", "users", "remove", "bob")).isEqualTo(1);
        }
    }

    @Test
    void refusesAShortPasswordWithAMessageNotAStackTrace() {
        assertThat(run("short\n", "users", "add", "carol", "--password-stdin")).isEqualTo(1);

        assertThat(err.toString()).contains("8 to 1024 characters").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void refusesAShortNewPasswordWithAMessageAndChangesNothing() {
        assertThat(run("s3cret-password\n", "users", "add", "carol", "--password-stdin")).isZero();

        assertThat(run("short\n", "users", "passwd", "carol", "--password-stdin")).isEqualTo(1);

        assertThat(err.toString()).contains("8 to 1024 characters").doesNotContain("Exception");
    }

    @Test
    void requiresThePasswordOnStandardInput() {
        assertThat(run("", "users", "add", "dave")).isEqualTo(2); // picocli: missing required option
        assertThat(run("", "users", "add", "dave", "--password-stdin")).isEqualTo(1);
        assertThat(err.toString()).contains("standard input");
    }

    @Test
    void printsResourceServerCredentialsOnceAndListsThem() {
        assertThat(run("", "resource-servers", "add", "weather", "--resource", "https://mcp.example.com/mcp")).isZero();
        assertThat(out.toString()).containsPattern("client_id=rs_\\S+").containsPattern("client_secret=\\S{43}");

        out.getBuffer().setLength(0);
        assertThat(run("", "resource-servers", "list")).isZero();
        assertThat(out.toString()).contains("weather https://mcp.example.com/mcp").doesNotContain("client_secret");
        assertThat(run("", "resource-servers", "add", "bad", "--resource", "not a uri#frag")).isEqualTo(1);
        assertThat(err.toString()).doesNotContain("warning");
    }

    /** Audience binding: such a server sees only tokens requested without a resource, so say so. */
    @Test
    void warnsWhenAResourceServerIsAddedWithoutAResource() {
        assertThat(run("", "resource-servers", "add", "gateway")).isZero();

        assertThat(out.toString()).containsPattern("client_id=rs_\\S+");
        assertThat(err.toString()).startsWith("warning: ").contains("--resource");
    }

    private int run(String stdin, String... args) {
        return AdminCommand.run(args, env(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Map<String, String> env() {
        return Map.of("DCR_DATA_DIR", dataDir.toString());
    }
}
