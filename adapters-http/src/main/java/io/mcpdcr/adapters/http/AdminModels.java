package io.mcpdcr.adapters.http;

import io.mcpdcr.application.admin.ManageClients;
import io.mcpdcr.application.monitoring.ShowDashboard;
import io.mcpdcr.application.port.ClientDirectory.ClientDetails;
import io.mcpdcr.application.port.ClientDirectory.ClientSummary;
import io.mcpdcr.application.port.RegistrationStatistics;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.registration.ClientMetadata;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The admin console's template models: plain maps of strings that Mustache escapes. The registrations chart is
 * server-side SVG, one stacked bar per hour: created at the bottom, refused above, throttled on top.
 */
final class AdminModels {
    private static final int HOURS = 72;
    private static final int BAR = 10;
    private static final int CHART_HEIGHT = 100;
    private static final int BASELINE = 110;
    /** Prune candidates listed by name; the rest are counted, so a backlog of thousands keeps the page short. */
    static final int PRUNE_SHOWN = 20;

    private AdminModels() {}

    static Map<String, Object> dashboard(ShowDashboard.Dashboard dashboard) {
        Map<String, Object> model = new HashMap<>();
        Instant firstHour = dashboard.since().truncatedTo(ChronoUnit.HOURS);
        int[][] counts = new int[HOURS + 1][];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new int[3];
        }
        for (RegistrationStatistics.HourlyCount hour : dashboard.perHour()) {
            long index = Duration.between(firstHour, hour.hour()).toHours();
            if (index >= 0 && index < counts.length) {
                counts[(int) index][0] += hour.created();
                counts[(int) index][1] += hour.refused();
                counts[(int) index][2] += hour.throttled();
            }
        }
        int peak = 0;
        int[] totals = new int[3];
        for (int[] hour : counts) {
            peak = Math.max(peak, hour[0] + hour[1] + hour[2]);
            for (int kind = 0; kind < 3; kind++) {
                totals[kind] += hour[kind];
            }
        }
        List<Map<String, Object>> bars = new ArrayList<>();
        String[] kinds = {"created", "refused", "throttled"};
        for (int i = 0; i < counts.length; i++) {
            int top = BASELINE;
            String label = firstHour.plus(Duration.ofHours(i)) + ": " + counts[i][0] + " created, " + counts[i][1]
                    + " refused, " + counts[i][2] + " throttled";
            for (int kind = 0; kind < 3; kind++) {
                int height = counts[i][kind] * CHART_HEIGHT / Math.max(1, peak);
                if (height > 0) {
                    top -= height;
                    bars.add(Map.of("x", i * BAR, "y", top, "width", BAR - 2, "height", height, "kind", kinds[kind],
                            "label", label));
                }
            }
        }
        model.put("bars", bars);
        model.put("chartWidth", counts.length * BAR);
        model.put("peak", peak);
        model.put("created", totals[0]);
        model.put("refused", totals[1]);
        model.put("throttled", totals[2]);
        model.put("since", firstHour.toString());
        model.put("latest", dashboard.latest().stream().map(client -> Map.of(
                "issuedAt", time(client.issuedAt()),
                "clientName", client.clientName(),
                "link", clientLink(client.id().value()),
                "address", client.address(),
                "hosts", hosts(client.redirectUris()))).toList());
        model.put("findings", dashboard.findings().stream().map(reviewed -> {
            Map<String, Object> row = new HashMap<>();
            row.put("id", reviewed.id());
            row.put("detectedAt", time(reviewed.finding().detectedAt()));
            row.put("kind", reviewed.finding().kind().name().toLowerCase(Locale.ROOT));
            row.put("subject", reviewed.finding().subject());
            row.put("evidence", reviewed.finding().evidence());
            reviewed.resolvedAt().ifPresent(at -> row.put("resolvedAt", time(at)));
            return row;
        }).toList());
        List<Map<String, Object>> prune = new ArrayList<>();
        dashboard.nextPrune().neverUsed().forEach(id -> prune.add(Map.of("id", id.value(), "reason", "never used")));
        dashboard.nextPrune().unused().forEach(id -> prune.add(Map.of("id", id.value(), "reason", "unused")));
        model.put("prune", prune.subList(0, Math.min(PRUNE_SHOWN, prune.size())));
        if (prune.size() > PRUNE_SHOWN) {
            model.put("pruneMore", prune.size() - PRUNE_SHOWN);
        }
        return model;
    }

    static Map<String, Object> clientRow(ClientSummary client) {
        Map<String, Object> row = new HashMap<>();
        row.put("clientId", client.clientId());
        row.put("link", clientLink(client.clientId()));
        row.put("clientName", client.clientName());
        row.put("issuedAt", time(client.issuedAt()));
        row.put("address", client.registeredIp());
        row.put("hosts", hosts(client.redirectUris()));
        row.put("lastUsed", client.lastUsed().map(AdminModels::time).orElse("never"));
        row.put("disabled", client.disabled());
        return row;
    }

    static Map<String, Object> client(ManageClients.ClientView view) {
        ClientDetails details = view.details();
        ClientMetadata metadata = details.registration().metadata();
        Map<String, Object> model = new HashMap<>();
        model.put("clientId", details.registration().id().value());
        model.put("clientName", metadata.clientName());
        model.put("disabled", details.disabled());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("client_id", details.registration().id().value());
        fields.put("Redirect hosts", hosts(metadata.redirectUris()));
        fields.put("Redirect URIs", String.join(" ", metadata.redirectUris()));
        fields.put("Grant types", String.join(" ", metadata.grantTypes()));
        fields.put("Scope", metadata.scope().orElse(""));
        fields.put("Client URI", metadata.clientUri().orElse(""));
        fields.put("Software", metadata.softwareId().map(id -> id + metadata.softwareVersion().map(v -> " " + v)
                .orElse("")).orElse(""));
        fields.put("Registered", time(details.registration().issuedAt()));
        fields.put("Registering address", details.registration().source().address());
        fields.put("User agent", details.registration().source().userAgent().orElse(""));
        fields.put("Last used", details.lastUsed().map(AdminModels::time).orElse("never"));
        fields.put("Disabled", details.disabledAt().map(AdminModels::time).orElse("no"));
        fields.put("Live access tokens", Integer.toString(details.liveAccessTokens()));
        fields.put("Live refresh tokens", Integer.toString(details.liveRefreshTokens()));
        model.put("fields", fields.entrySet().stream()
                .map(field -> Map.of("name", field.getKey(), "value", field.getValue()))
                .toList());
        model.put("trail", view.trail().stream().map(AdminModels::event).toList());
        return model;
    }

    private static Map<String, Object> event(AuditEvent event) {
        return Map.of(
                "at", time(event.at()),
                "action", event.action().name().toLowerCase(Locale.ROOT),
                "outcome", event.outcome() + event.errorCode().map(code -> " (" + code + ")").orElse(""),
                "address", event.address().orElse(""),
                "username", event.username().orElse(""));
    }

    static String clientLink(String clientId) {
        return AdminRoutes.CLIENT + "?client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8);
    }

    static String clientsLink(String search, int page) {
        return AdminRoutes.CLIENTS + "?q=" + URLEncoder.encode(search, StandardCharsets.UTF_8) + "&page=" + page;
    }

    /** The distinct hosts of the redirect URIs, or the scheme of a private-use one. */
    static String hosts(List<String> uris) {
        return String.join(", ", uris.stream().map(uri -> {
            URI parsed = URI.create(uri);
            return Optional.ofNullable(parsed.getHost()).orElse(parsed.getScheme() + ":");
        }).distinct().toList());
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
