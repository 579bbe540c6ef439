package io.mcpdcr.domain.token;

import java.util.Objects;
import java.util.Optional;

/**
 * A resource server (an MCP server) that may introspect tokens.
 *
 * @param resource its resource indicator (RFC 8707); when set, tokens for another audience are inactive to it
 */
public record ResourceServer(String id, String name, Optional<String> resource) {
    public ResourceServer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resource, "resource");
    }

    /** RFC 7662 §4: a resource server learns nothing of tokens meant for someone else. */
    public boolean mayInspect(AccessToken token) {
        return resource.isEmpty() || token.grant().resource().isEmpty() || token.grant().resource().equals(resource);
    }
}
