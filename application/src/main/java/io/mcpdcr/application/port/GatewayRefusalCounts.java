package io.mcpdcr.application.port;

import java.time.Instant;

/** The audit trail's counts of tokens the gateway refused: one number per hour, route and reason, never per call. */
public interface GatewayRefusalCounts {
    /** Adds {@code refusals} to the count of this route and reason in the hour of {@code at}. */
    void add(String route, String reason, long refusals, Instant at);
}
