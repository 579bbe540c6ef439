package io.mcpdcr.bootstrap;

import io.mcpdcr.application.admin.ManageClients;
import io.mcpdcr.application.monitoring.PruneClients;
import io.mcpdcr.application.port.FindingReview.ReviewedFinding;
import io.mcpdcr.domain.monitoring.Finding;
import io.mcpdcr.domain.registration.ClientId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Admin commands that look at and clean up registrations: clients, findings, prune. */
final class MonitoringCommands {
    private static final Duration MAX_SINCE = Duration.ofDays(3650);
    /** Who the audit trail says acted: the command line has no signed-in user. */
    private static final String ACTOR = "admin";

    private MonitoringCommands() {}

    private static Optional<Duration> within(String duration) {
        return Optional.ofNullable(duration).map(d -> Settings.duration(d, MAX_SINCE));
    }

    private static String hosts(List<String> uris) {
        return String.join(",", uris.stream().map(uri -> {
            String host = URI.create(uri).getHost();
            return host != null ? host : URI.create(uri).getScheme() + ":";
        }).distinct().toList());
    }

    @Command(name = "clients", description = "Look at, disable or delete registered clients.")
    static final class Clients {
        private final Map<String, String> env;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Clients(Map<String, String> env) {
            this.env = env;
        }

        @Command(name = "list", description = "List clients, newest first.")
        int list(@Option(names = "--since", description = "registered within this duration, e.g. 24h") String since,
                @Option(names = "--ip", description = "registered from this address") String ip,
                @Option(names = "--name", description = "whose name contains this text") String name,
                @Option(names = "--unused", description = "that never completed a token exchange") boolean unused,
                @Option(names = "--json", description = "print JSON") boolean json) {
            var clients = AdminCommand.withTools(env, tools -> tools.clients()
                    .list(within(since), Optional.ofNullable(ip), Optional.ofNullable(name), unused));
            var table = new TableOutput("client_id", "client_name", "registered", "ip", "last_used", "disabled",
                    "redirect_hosts");
            for (var client : clients) {
                table.row(client.clientId(), client.clientName(), client.issuedAt().toString(), client.registeredIp(),
                        client.lastUsed().map(Instant::toString).orElse(null), client.disabled(),
                        hosts(client.redirectUris()));
            }
            table.print(spec.commandLine().getOut(), json);
            return 0;
        }

        @Command(name = "show", description = "Show one client in detail.")
        int show(@Parameters(paramLabel = "CLIENT_ID") String id,
                @Option(names = "--json", description = "print JSON") boolean json) {
            var view = AdminCommand.withTools(env, tools -> tools.clients().show(new ClientId(id)));
            if (view.isEmpty()) {
                spec.commandLine().getErr().println("no client " + id);
                return 1;
            }
            var details = view.get().details();
            var client = details.registration();
            var metadata = client.metadata();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("client_id", client.id().value());
            fields.put("client_name", metadata.clientName());
            fields.put("redirect_uris", metadata.redirectUris());
            fields.put("grant_types", metadata.grantTypes());
            fields.put("scope", metadata.scope().orElse(null));
            fields.put("client_uri", metadata.clientUri().orElse(null));
            fields.put("software", metadata.softwareId().map(s -> s + metadata.softwareVersion().map(v -> " " + v)
                    .orElse("")).orElse(null));
            fields.put("registered", client.issuedAt().toString());
            fields.put("registered_ip", client.source().address());
            fields.put("user_agent", client.source().userAgent().orElse(null));
            fields.put("last_used", details.lastUsed().map(Instant::toString).orElse(null));
            fields.put("disabled", details.disabledAt().map(Instant::toString).orElse(null));
            fields.put("live_access_tokens", details.liveAccessTokens());
            fields.put("live_refresh_tokens", details.liveRefreshTokens());
            if (json) {
                TableOutput.printJson(spec.commandLine().getOut(), fields);
            } else {
                var table = new TableOutput("field", "value");
                fields.forEach((key, value) -> table.row(key, value));
                table.print(spec.commandLine().getOut(), false);
            }
            return 0;
        }

        @Command(name = "disable", description = "Refuse the client at authorize and token, and revoke its tokens.")
        int disable(@Parameters(paramLabel = "CLIENT_ID") String id) {
            var change = AdminCommand.withTools(env, tools -> tools.clients().disable(new ClientId(id), ACTOR));
            return AdminCommand.report(spec, change instanceof ManageClients.ClientChange.Changed,
                    "disabled client " + id, "no client " + id);
        }

        @Command(name = "delete", description = "Delete the client with its codes, tokens and consents.")
        int delete(@Parameters(paramLabel = "CLIENT_ID") String id) {
            var change = AdminCommand.withTools(env, tools -> tools.clients().delete(new ClientId(id), ACTOR));
            return AdminCommand.report(spec, change instanceof ManageClients.ClientChange.Changed,
                    "deleted client " + id, "no client " + id);
        }
    }

    @Command(name = "findings", description = "Abuse findings of the recurring scan.")
    static final class Findings {
        private final Map<String, String> env;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Findings(Map<String, String> env) {
            this.env = env;
        }

        @Command(name = "list", description = "List findings, newest first.")
        int list(@Option(names = "--since", defaultValue = "7d", description = "within this duration (default 7d)")
                        String since,
                @Option(names = "--json", description = "print JSON") boolean json) {
            List<ReviewedFinding> findings = AdminCommand.withTools(env,
                    tools -> tools.findings().recent(within(since).orElseThrow()));
            var table = new TableOutput("detected", "kind", "subject", "evidence");
            for (Finding finding : findings.stream().map(ReviewedFinding::finding).toList()) {
                table.row(finding.detectedAt().toString(), finding.kind().name().toLowerCase(), finding.subject(),
                        finding.evidence());
            }
            table.print(spec.commandLine().getOut(), json);
            return 0;
        }
    }

    @Command(name = "prune", description = "Delete abandoned clients now (the recurring task does it every hour).")
    static final class Prune implements java.util.concurrent.Callable<Integer> {
        private final Map<String, String> env;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--dry-run", description = "only list what would be deleted")
        boolean dryRun;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        Prune(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            PruneClients.Report report = AdminCommand.withTools(env,
                    tools -> dryRun ? tools.prune().candidates() : tools.prune().prune());
            var table = new TableOutput("client_id", "reason", "action");
            String action = dryRun ? "would delete" : "deleted";
            report.neverUsed().forEach(id -> table.row(id.value(), "never used", action));
            report.unused().forEach(id -> table.row(id.value(), "unused", action));
            table.print(spec.commandLine().getOut(), json);
            return 0;
        }
    }
}
