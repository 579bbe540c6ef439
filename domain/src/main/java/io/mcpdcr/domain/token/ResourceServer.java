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
    public ResourceServer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resource, "resource");
    }

    /** RFC 7662 §4, RFC 8707: a resource server learns nothing of tokens meant for someone else. */
    public boolean mayInspect(AccessToken token) {
        return AudiencePolicy.accepts(resource, token);
    }
}
