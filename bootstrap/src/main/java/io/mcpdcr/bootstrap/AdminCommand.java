package io.mcpdcr.bootstrap;

import io.mcpdcr.application.admin.ManageResourceServers;
import io.mcpdcr.application.admin.ManageUsers;
import io.mcpdcr.domain.token.ResourceServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The jar's admin commands. Each runs the admin use cases {@link Wiring} builds over the configured database (the
 * embedded H2 file is opened in mixed mode, so this works while the server runs) and prints one line per fact, for
 * scripts.
 */
@Command(name = "dcr-server", mixinStandardHelpOptions = true,
        description = "MCP Dynamic Client Registration service. Without a command it serves HTTP.",
        subcommands = {AdminCommand.Users.class, AdminCommand.ResourceServers.class, MonitoringCommands.Clients.class,
            MonitoringCommands.Findings.class, MonitoringCommands.Prune.class})
final class AdminCommand {
    /** Runs the command line against the given console and answers the exit code. */
    static int run(String[] args, Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err) {
        var factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                // Every command takes the environment (and Users standard input) through its constructor.
                if (type == Users.class) {
                    return type.cast(new Users(env, in));
                }
                try {
                    var constructor = type.getDeclaredConstructor(Map.class);
                    return constructor.newInstance(env);
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(type);
                }
            }
        };
        return new CommandLine(new AdminCommand(), factory)
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    // No password on standard input, bad configuration, a bad duration: a message, not a stack trace.
                    if (e instanceof IllegalArgumentException) {
                        commandLine.getErr().println("dcr-server: " + e.getMessage());
                        return 1;
                    }
                    throw e;
                })
                .execute(args);
    }

    /** Runs one command's work with the admin use cases over the configured database. */
    static <T> T withTools(Map<String, String> env, Function<AdminTools, T> work) {
        return Wiring.withAdminTools(Settings.from(env), work);
    }

    /** The first line of standard input, without its line break: passwords never appear in argv. */
    private static char[] passwordFrom(InputStream in) throws IOException {
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IllegalArgumentException("expected the password on standard input");
        }
        return line.toCharArray();
    }

    @Command(name = "users", description = "Manage the local users who log in and consent.")
    static final class Users {
        private final Map<String, String> env;
        private final InputStream in;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Users(Map<String, String> env, InputStream in) {
            this.env = env;
            this.in = in;
        }

        @Command(name = "add", description = "Add a user; reads the password from standard input.")
        int add(@Parameters(paramLabel = "NAME") String name,
                @Option(names = "--password-stdin", required = true, description = "read the password from stdin")
                        boolean stdin,
                @Option(names = "--admin", description = "may see the admin page") boolean admin) throws IOException {
            char[] password = passwordFrom(in);
            ManageUsers.Addition addition = withTools(env, tools -> tools.users().add(name, password, admin));
            if (addition instanceof ManageUsers.Addition.Refused refused) {
                return fail(spec, refused.problem());
            }
            return report(spec, addition instanceof ManageUsers.Addition.Added,
                    "added user " + name, "user " + name + " already exists");
        }

        @Command(name = "list", description = "List the users, each with where they sign in: local (a password"
                + " here), oidc or github.")
        int list() {
            withTools(env, tools -> tools.users().list()).stream()
                    .map(account -> account.username() + "\t" + account.source() + (account.admin() ? "\tadmin" : ""))
                    .forEach(spec.commandLine().getOut()::println);
            return 0;
        }

        @Command(name = "remove", description = "Remove a user with their sessions, codes, tokens and consents.")
        int remove(@Parameters(paramLabel = "NAME") String name) {
            ManageUsers.Removal removal = withTools(env, tools -> tools.users().remove(name));
            return report(spec, removal instanceof ManageUsers.Removal.Removed,
                    "removed user " + name + " and revoked their tokens and consents", "no user " + name);
        }

        @Command(name = "passwd", description = "Change a user's password, reading it from standard input. Ends their"
                + " sessions and revokes their tokens and remembered consents.")
        int passwd(@Parameters(paramLabel = "NAME") String name,
                @Option(names = "--password-stdin", required = true, description = "read the password from stdin")
                        boolean stdin,
                @Option(names = "--keep-tokens", description = "keep the user's tokens and remembered consents"
                        + " (for a routine change; sessions still end)") boolean keepTokens) throws IOException {
            char[] password = passwordFrom(in);
            ManageUsers.PasswordChange change =
                    withTools(env, tools -> tools.users().changePassword(name, password, keepTokens));
            if (change instanceof ManageUsers.PasswordChange.Refused refused) {
                return fail(spec, refused.problem());
            }
            return report(spec, change instanceof ManageUsers.PasswordChange.Changed,
                    "changed the password of " + name + (keepTokens ? "; kept their tokens and consents"
                            : "; revoked their tokens and consents"), "no user " + name);
        }
    }

    @Command(name = "resource-servers",
            description = "Manage the resource servers (MCP servers) allowed to introspect tokens.")
    static final class ResourceServers {
        private final Map<String, String> env;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        ResourceServers(Map<String, String> env) {
            this.env = env;
        }

        @Command(name = "add", description = "Add a resource server and print its credentials once.")
        int add(@Parameters(paramLabel = "NAME") String name,
                @Option(names = "--resource", description = "its resource indicator (RFC 8707), e.g. https://mcp.example.com/mcp")
                        Optional<String> resource) {
            ManageResourceServers.Addition addition = withTools(env, tools -> tools.resourceServers().add(name, resource));
            if (addition instanceof ManageResourceServers.Addition.BadResource bad) {
                return fail(spec, "--resource: " + bad.problem());
            }
            if (addition instanceof ManageResourceServers.Addition.Refused refused) {
                return fail(spec, refused.problem());
            }
            var credentials = ((ManageResourceServers.Addition.Added) addition).credentials();
            PrintWriter out = spec.commandLine().getOut();
            if (resource.isEmpty()) {
                // Audience binding: such a server sees only tokens issued without a resource, never those of others.
                spec.commandLine().getErr().println("warning: without --resource this resource server sees only tokens"
                        + " requested without a resource indicator (and none at all once DCR_DEFAULT_RESOURCE is set);"
                        + " MCP clients send their server's URL as the resource, so give it with --resource");
            }
            out.println("client_id=" + credentials.id());
            out.println("client_secret=" + credentials.secret());
            out.println("# store the secret now: it is kept only as a hash and cannot be shown again");
            return 0;
        }

        @Command(name = "list", description = "List the resource servers.")
        int list() {
            for (ResourceServer server : withTools(env, tools -> tools.resourceServers().list())) {
                spec.commandLine().getOut().println(
                        server.id() + " " + server.name() + server.resource().map(r -> " " + r).orElse(""));
            }
            return 0;
        }

        @Command(name = "remove", description = "Remove a resource server by name or id.")
        int remove(@Parameters(paramLabel = "NAME") String name) {
            return report(spec, withTools(env, tools -> tools.resourceServers().remove(name)),
                    "removed resource server " + name, "no resource server " + name);
        }
    }

    /** A refusal, as the exception handler prints one: a message and exit code 1. */
    private static int fail(CommandLine.Model.CommandSpec spec, String problem) {
        spec.commandLine().getErr().println("dcr-server: " + problem);
        return 1;
    }

    static int report(CommandLine.Model.CommandSpec spec, boolean done, String success, String failure) {
        if (done) {
            spec.commandLine().getOut().println(success);
            return 0;
        }
        spec.commandLine().getErr().println(failure);
        return 1;
    }
}
