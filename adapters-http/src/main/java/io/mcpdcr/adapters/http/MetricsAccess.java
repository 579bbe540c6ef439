package io.mcpdcr.adapters.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may read {@code /metrics}: nobody (the endpoint does not exist), anybody, or holders of a bearer token.
 * Metrics reveal traffic patterns, so they are off unless the operator says otherwise.
 */
public record MetricsAccess(Mode mode, Optional<String> token) {
    public enum Mode {
        OFF,
        PUBLIC,
        TOKEN
    }

    public MetricsAccess {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(token, "token");
        if (mode == Mode.TOKEN && token.isEmpty()) {
            throw new IllegalArgumentException("token access needs a token");
        }
    }

    public static MetricsAccess off() {
        return new MetricsAccess(Mode.OFF, Optional.empty());
    }

    /** Whether the Authorization header grants access; the token is compared in constant time. */
    boolean admits(String authorization) {
        if (mode == Mode.PUBLIC) {
            return true;
        }
        if (mode == Mode.OFF || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                token.orElseThrow().getBytes(StandardCharsets.UTF_8));
    }
}
