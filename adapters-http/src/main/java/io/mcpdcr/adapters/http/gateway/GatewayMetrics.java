package io.mcpdcr.adapters.http.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-route gateway meters. Tag values are the configured route paths, HTTP status codes (100-999) and the fixed
 * refusal reasons, so no client can grow the registry.
 */
final class GatewayMetrics {
    private final MeterRegistry registry;
    // Built once: a builder per call costs more than the recording.
    private final Meter.MeterProvider<Counter> requests;
    private final Meter.MeterProvider<Counter> refusals;
    private final Meter.MeterProvider<Timer> upstreamLatency;
    private final Map<String, AtomicInteger> openStreams = new ConcurrentHashMap<>();

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.requests = Counter.builder("dcr_gateway_requests_total").description("gateway calls by route and status")
                .withRegistry(registry);
        this.refusals = Counter.builder("dcr_gateway_refused_total")
                .description("gateway calls refused before forwarding").withRegistry(registry);
        this.upstreamLatency = Timer.builder("dcr_gateway_upstream_latency")
                .description("time to upstream response headers")
                .publishPercentileHistogram()
                .withRegistry(registry);
    }

    /** Counts a finished gateway call, answered by the gateway itself or by the upstream. */
    void request(String route, int status) {
        requests.withTags("route", route, "status", status >= 100 && status <= 999 ? Integer.toString(status) : "other")
                .increment();
    }

    /** @param reason no_token, unknown, expired, wrong_audience or insufficient_scope */
    void refused(String route, String reason) {
        refusals.withTags("route", route, "reason", reason).increment();
    }

    /** Time from sending to an upstream until its response headers arrived. */
    void upstreamLatency(String route, long nanos) {
        upstreamLatency.withTags("route", route).record(nanos, TimeUnit.NANOSECONDS);
    }

    void streamOpened(String route) {
        streams(route).incrementAndGet();
    }

    void streamClosed(String route) {
        streams(route).decrementAndGet();
    }

    private AtomicInteger streams(String route) {
        return openStreams.computeIfAbsent(route, key -> {
            AtomicInteger open = new AtomicInteger();
            Gauge.builder("dcr_gateway_open_streams", open, AtomicInteger::get)
                    .description("event streams open through the gateway").tag("route", key).register(registry);
            return open;
        });
    }
}
