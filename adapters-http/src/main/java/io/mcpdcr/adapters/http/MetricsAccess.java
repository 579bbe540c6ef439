package io.mcpdcr.adapters.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
        if (mode == Mode.TOKEN && token.filter(value -> !value.isBlank()).isEmpty()) {
            throw new IllegalArgumentException("token access needs a non-blank token");
        }
    }

    public static MetricsAccess off() {
        return new MetricsAccess(Mode.OFF, Optional.empty());
    }

    /**
     * Whether the Authorization header grants access. Both sides are hashed first, so the comparison takes the same
     * time whatever the presented token's length or content.
     */
    boolean admits(String authorization) {
        if (mode == Mode.PUBLIC) {
            return true;
        }
        if (mode == Mode.OFF || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(sha256(authorization.substring(7).trim()), sha256(token.orElseThrow()));
    }

    /** Never prints the token, so the settings can be logged. */
    @Override
    public String toString() {
        return "MetricsAccess[mode=" + mode + (token.isPresent() ? ", token=(set)]" : "]");
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
