package io.mcpdcr.adapters.http;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the operator-facing endpoints need: where metrics go, how to render them, who may read them, and whether the
 * database answers, and whether the instance is draining before it stops.
 *
 * @param scrape renders the registry in the Prometheus text format
 */
public record Observability(
        MeterRegistry meters, Supplier<String> scrape, MetricsAccess metricsAccess, BooleanSupplier databaseReady,
        GracefulStop stop) {
    public Observability {
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(scrape, "scrape");
        Objects.requireNonNull(metricsAccess, "metricsAccess");
        Objects.requireNonNull(databaseReady, "databaseReady");
        Objects.requireNonNull(stop, "stop");
    }

    /** For a server that is only ever stopped at once. */
    public Observability(
            MeterRegistry meters, Supplier<String> scrape, MetricsAccess metricsAccess, BooleanSupplier databaseReady) {
        this(meters, scrape, metricsAccess, databaseReady, new GracefulStop());
    }
}
