package io.mcpdcr.adapters.http;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the operator-facing endpoints need: where metrics go, how to render them, who may read them, and whether the
 * database answers.
 *
 * @param scrape renders the registry in the Prometheus text format
 */
public record Observability(
        MeterRegistry meters, Supplier<String> scrape, MetricsAccess metricsAccess, BooleanSupplier databaseReady) {
    public Observability {
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(scrape, "scrape");
        Objects.requireNonNull(metricsAccess, "metricsAccess");
        Objects.requireNonNull(databaseReady, "databaseReady");
    }
}
