package io.mcpdcr.adapters.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mcpdcr.application.authorization.LogIn;
import io.mcpdcr.application.monitoring.ShowDashboard;
import io.mcpdcr.application.port.RegistrationStatistics;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /o/admin}: a read-only page for signed-in admins. The chart is server-side SVG, so the page needs no
 * script and the content security policy stays closed.
 */
final class AdminRoutes {
    static final String ADMIN = "/o/admin";
    private static final int HOURS = 72;
    private static final int BAR = 10;
    private static final int CHART_HEIGHT = 100;

    private final ShowDashboard dashboard;
    private final LogIn logIn;
    private final Pages pages;
    private final BrowserCookies cookies;

    AdminRoutes(ShowDashboard dashboard, LogIn logIn, Pages pages, BrowserCookies cookies) {
        this.dashboard = dashboard;
        this.logIn = logIn;
        this.pages = pages;
        this.cookies = cookies;
    }

    void addTo(JavalinConfig config) {
        config.routes.get(ADMIN, this::show);
    }

    private void show(Context ctx) {
        Optional<String> user = cookies.session(ctx).flatMap(logIn::sessionUser);
        if (user.isEmpty()) {
            ctx.status(303).header("Location", AuthorizationRoutes.LOGIN + "?next=admin").header("Cache-Control", "no-store");
            return;
        }
        Optional<ShowDashboard.Dashboard> content = dashboard.show(user.get());
        if (content.isEmpty()) {
            pages.error(ctx, 403, "Not allowed", "This page is for administrators.", null);
            return;
        }
        pages.render(ctx, 200, "admin", "Registrations", model(user.get(), content.get()));
    }

    private static Map<String, Object> model(String username, ShowDashboard.Dashboard dashboard) {
        Map<String, Object> model = new HashMap<>();
        model.put("wide", true);
        model.put("username", username);
        Instant firstHour = dashboard.since().truncatedTo(ChronoUnit.HOURS);
        int[] counts = new int[HOURS + 1];
        for (RegistrationStatistics.HourlyCount hour : dashboard.perHour()) {
            long index = Duration.between(firstHour, hour.hour()).toHours();
            if (index >= 0 && index < counts.length) {
                counts[(int) index] += hour.registrations();
            }
        }
        int peak = Math.max(1, java.util.Arrays.stream(counts).max().orElse(0));
        List<Map<String, Object>> bars = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            int height = counts[i] * CHART_HEIGHT / peak;
            bars.add(Map.of("x", i * BAR, "y", 110 - height, "width", BAR - 2, "height", height,
                    "label", firstHour.plus(Duration.ofHours(i)) + ": " + counts[i]));
        }
        model.put("bars", bars);
        model.put("chartWidth", counts.length * BAR);
        model.put("peak", java.util.Arrays.stream(counts).max().orElse(0));
        model.put("total", java.util.Arrays.stream(counts).sum());
        model.put("since", firstHour.toString());
        model.put("latest", dashboard.latest().stream().map(client -> Map.of(
                "issuedAt", client.issuedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                "clientName", client.clientName(),
                "address", client.address(),
                "hosts", hosts(client.redirectUris()))).toList());
        model.put("findings", dashboard.findings().stream().map(finding -> Map.of(
                "detectedAt", finding.detectedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                "kind", finding.kind().name().toLowerCase(Locale.ROOT),
                "subject", finding.subject(),
                "evidence", finding.evidence())).toList());
        List<Map<String, Object>> prune = new ArrayList<>();
        dashboard.nextPrune().neverUsed().forEach(id -> prune.add(Map.of("id", id.value(), "reason", "never used")));
        dashboard.nextPrune().unused().forEach(id -> prune.add(Map.of("id", id.value(), "reason", "unused")));
        model.put("prune", prune);
        return model;
    }

    private static String hosts(List<String> uris) {
        return String.join(", ", uris.stream().map(uri -> {
            URI parsed = URI.create(uri);
            return parsed.getHost() != null ? parsed.getHost() : parsed.getScheme() + ":";
        }).distinct().toList());
    }
}
