package io.mcpdcr.adapters.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code /health/live}, {@code /health/ready} (the database answers and the instance is not draining) and
 * {@code /metrics} for Prometheus.
 */
final class OperationsRoutes {
    private final Observability observability;

    OperationsRoutes(Observability observability) {
        this.observability = observability;
    }

    void addTo(JavalinConfig config) {
        config.routes.get("/health/live", ctx -> status(ctx, true));
        config.routes.get("/health/ready", this::ready);
        if (observability.metricsAccess().mode() != MetricsAccess.Mode.OFF) {
            config.routes.get("/metrics", this::metrics);
        }
    }

    private void ready(Context ctx) {
        if (observability.stop().draining()) {
            ctx.status(503).header("Cache-Control", "no-store");
            Json.write(ctx, Map.of("status", "draining"));
            return;
        }
        status(ctx, observability.databaseReady().getAsBoolean());
    }

    private static void status(Context ctx, boolean up) {
        ctx.status(up ? 200 : 503).header("Cache-Control", "no-store");
        Json.write(ctx, Map.of("status", up ? "up" : "down"));
    }

    private void metrics(Context ctx) {
        if (!observability.metricsAccess().admits(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"metrics\"");
            OAuthErrors.write(ctx, 401, "invalid_token", "metrics need the configured bearer token");
            return;
        }
        ctx.status(200).header("Cache-Control", "no-store")
                .contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(observability.scrape().get());
    }
}
