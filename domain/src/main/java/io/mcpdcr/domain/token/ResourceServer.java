package io.mcpdcr.domain.token;

import java.util.Objects;
import java.util.Optional;

/**
 * A resource server (an MCP server) that may introspect tokens.
 *
 * @param resource its resource indicator (RFC 8707): it sees only tokens whose audience is exactly this, or, when
 *     empty, only tokens without an audience ({@link AudiencePolicy#accepts})
 */
public record ResourceServer(String id, String name, Optional<String> resource) {
    public static final int MAX_NAME = 200;

    public ResourceServer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resource, "resource");
    }

    /** Why an administrator may not give a resource server this name, if they may not. */
    public static Optional<String> nameProblem(String name) {
        return name.isBlank() || name.length() > MAX_NAME
                ? Optional.of("a resource server name has 1 to " + MAX_NAME + " characters")
                : Optional.empty();
    }

    /** RFC 7662 §4, RFC 8707: a resource server learns nothing of tokens meant for someone else. */
    public boolean mayInspect(AccessToken token) {
        return AudiencePolicy.accepts(resource, token);
    }
}
