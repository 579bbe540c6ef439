package io.mcpdcr.domain.gateway;

import io.mcpdcr.domain.authorization.ScopeSet;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One MCP server behind the gateway: the public path it answers on, where requests go, and the scopes a token needs.
 *
 * @param path the public path, such as {@code /mcp}; it and everything below it are forwarded
 * @param upstream the http(s) URL the path maps to
 * @param requiredScopes the scopes every call needs, beyond a valid token for this route's resource
 */
public record GatewayRoute(String path, URI upstream, ScopeSet requiredScopes) {
    /** Paths this server answers itself: a route there would hide the authorization server. */
    public static final List<String> RESERVED_PREFIXES = List.of("/o/", "/.well-known/", "/health", "/metrics");
    private static final Pattern SEGMENTS = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    public GatewayRoute {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(requiredScopes, "requiredScopes");
        pathProblem(path).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        upstreamProblem(upstream).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** Why {@code path} cannot be a route: not plain segments, or it overlaps a path of the authorization server. */
    public static Optional<String> pathProblem(String path) {
        if (!SEGMENTS.matcher(path).matches() || path.contains("/./") || path.contains("/../")
                || path.endsWith("/.") || path.endsWith("/..")) {
            return Optional.of("gateway path \"" + path + "\" must be / followed by plain segments, such as /mcp");
        }
        String asPrefix = path + "/";
        for (String reserved : RESERVED_PREFIXES) {
            String reservedPrefix = reserved.endsWith("/") ? reserved : reserved + "/";
            if (asPrefix.startsWith(reservedPrefix) || reservedPrefix.startsWith(asPrefix)) {
                return Optional.of("gateway path \"" + path + "\" collides with " + reserved
                        + ", which the authorization server answers");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> upstreamProblem(URI upstream) {
        String scheme = upstream.getScheme() == null ? "" : upstream.getScheme();
        if (!(scheme.equals("http") || scheme.equals("https")) || upstream.getHost() == null
                || upstream.getRawQuery() != null || upstream.getRawFragment() != null || upstream.getRawUserInfo() != null) {
            return Optional.of("gateway upstream \"" + upstream + "\" must be an http(s) URL with a host and no query,"
                    + " fragment or user");
        }
        return Optional.empty();
    }

    /** Whether a request for {@code requestPath} (already normalized) belongs to this route. */
    public boolean serves(String requestPath) {
        return requestPath.equals(path) || requestPath.startsWith(path + "/");
    }

    /** The part of {@code requestPath} below the route path: empty for the route path itself. */
    public String remainder(String requestPath) {
        return requestPath.substring(path.length());
    }
}
