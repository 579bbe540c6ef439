package io.mcpdcr.adapters.http;

import java.util.List;

/**
 * What the HTTP adapter needs to know of its deployment.
 *
 * @param trustedProxies addresses or CIDR blocks whose {@code X-Forwarded-For} is believed; usually empty
 * @param maxBodyBytes the largest request body read; larger ones answer 413
 */
public record HttpSettings(List<String> trustedProxies, int maxBodyBytes) {
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public HttpSettings {
        trustedProxies = List.copyOf(trustedProxies);
        trustedProxies.forEach(IpRange::parse); // fail at start-up, not on the first request
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
    }

    /** Throws IllegalArgumentException naming the first entry that is not an address or CIDR block. */
    public static void checkProxy(String entry) {
        IpRange.parse(entry);
    }
}
