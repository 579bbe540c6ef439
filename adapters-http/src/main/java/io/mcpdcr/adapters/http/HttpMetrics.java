package io.mcpdcr.adapters.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The service's counters and the per-route latency histogram. Every tag value comes from a fixed set (outcomes,
 * OAuth error codes this server emits, route templates), never from what a client sent.
 */
final class HttpMetrics {
    private static final String STARTED = "dcr.request.started";
    private static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token");

    private final MeterRegistry registry;

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void registration(String outcome, Optional<String> error) {
        count("dcr_registrations_total", "outcome", outcome, "error", error.orElse("none"));
    }

    void throttled(String limit) {
        count("dcr_throttled_total", "limit", limit);
    }

    void login(String outcome) {
        count("dcr_logins_total", "outcome", outcome);
    }

    void consent(String decision) {
        count("dcr_consents_total", "decision", decision.toLowerCase(Locale.ROOT));
    }

    void authorization(String outcome) {
        count("dcr_authorizations_total", "outcome", outcome);
    }

    void token(String grantType, String outcome, Optional<String> error) {
        count("dcr_tokens_total", "grant_type", GRANT_TYPES.contains(grantType) ? grantType : "other",
                "outcome", outcome, "error", error.orElse("none"));
    }

    void introspection(String result) {
        count("dcr_introspections_total", "result", result);
    }

    void startTimer(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
    }

    /** Records the request under its route template ("/o/register"), or "unmatched": raw paths are unbounded. */
    void stopTimer(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        Timer.builder("http_server_requests")
                .tag("method", ctx.method().name())
                .tag("route", endpoint == null ? "unmatched" : endpoint.path)
                .tag("status", Integer.toString(ctx.statusCode()))
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private void count(String name, String... tags) {
        Counter.builder(name).tags(tags).register(registry).increment();
    }
}
