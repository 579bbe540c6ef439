package io.mcpdcr.adapters.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.mcpdcr.application.authorization.DecideConsent;
import io.mcpdcr.application.token.GuardTokenEndpoints;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The service's counters and the per-route latency histogram. Every tag value comes from a fixed set (outcomes,
 * OAuth error codes, route templates, standard HTTP methods); anything else is counted as {@code other}, so no
 * client can grow the registry by sending new strings.
 */
final class HttpMetrics {
    static final String OTHER = "other";
    private static final String NONE = "none";
    private static final String STARTED = "dcr.request.started";
    private static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token");
    private static final Set<String> LIMITS = Set.of("per-ip", "per-hosted-host", "global", "login", "document",
            GuardTokenEndpoints.PER_IP_LIMIT);
    /** RFC 6749 §5.2 and RFC 7591 §3.2.2 codes, RFC 8707's invalid_target and this server's own. */
    private static final Set<String> ERRORS = Set.of("invalid_request", "invalid_client", "invalid_grant",
            "unauthorized_client", "unsupported_grant_type", "invalid_scope", "invalid_target",
            "invalid_redirect_uri", "invalid_client_metadata", OAuthErrors.TOO_MANY_REQUESTS,
            OAuthErrors.TEMPORARILY_UNAVAILABLE, OAuthErrors.SERVER_ERROR);
    /** Jetty hands any token through as the method ("BREW /o/register"), so only the standard ones are tags. */
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

    private final MeterRegistry registry;
    // Built once: a builder per request spent more than the recording itself on the histogram's configuration.
    private final Meter.MeterProvider<Timer> requests;

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.requests = Timer.builder("http_server_requests")
                .description("HTTP requests by route template")
                .publishPercentileHistogram()
                .withRegistry(registry);
    }

    /** @param outcome created, refused, unreadable or throttled */
    void registration(String outcome, Optional<String> error) {
        count("dcr_registrations_total", "outcome", outcome, "error", error(error));
    }

    /** @param limit per-ip, global or login */
    void throttled(String limit) {
        count("dcr_throttled_total", "limit", bounded(limit, LIMITS));
    }

    /** @param outcome succeeded, refused, throttled or busy */
    void login(String outcome) {
        count("dcr_logins_total", "outcome", outcome);
    }

    void consent(DecideConsent.Decision decision) {
        count("dcr_consents_total", "decision", decision.name().toLowerCase(Locale.ROOT));
    }

    /**
     * @param outcome code, error (redirected with an error), error_shown (an error page linking back to the client,
     *     before sign-in) or untrusted (an error page, no redirect)
     */
    void authorization(String outcome) {
        count("dcr_authorizations_total", "outcome", outcome);
    }

    /** @param outcome issued or refused */
    void token(String grantType, String outcome, Optional<String> error) {
        count("dcr_tokens_total", "grant_type", bounded(grantType, GRANT_TYPES), "outcome", outcome,
                "error", error(error));
    }

    /** @param active true or false for an answered introspection; unauthorized for a refused caller */
    void introspection(String active) {
        count("dcr_introspections_total", "active", active);
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
        requests.withTags("method", bounded(ctx.method().name(), METHODS),
                        "route", endpoint == null ? "unmatched" : endpoint.path,
                        "status", Integer.toString(ctx.statusCode()))
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private static String error(Optional<String> code) {
        return code.map(value -> bounded(value, ERRORS)).orElse(NONE);
    }

    private static String bounded(String value, Set<String> known) {
        return value != null && known.contains(value) ? value : OTHER;
    }

    private void count(String name, String... tags) {
        Counter.builder(name).tags(tags).register(registry).increment();
    }
}
