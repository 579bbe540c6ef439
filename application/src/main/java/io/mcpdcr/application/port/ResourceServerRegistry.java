package io.mcpdcr.application.port;

import io.mcpdcr.domain.token.ResourceServer;
import java.util.Optional;

/** Resource servers (MCP servers) allowed to introspect tokens; secrets are stored hashed. */
public interface ResourceServerRegistry {
    /** The resource server when the secret is right (compared in constant time), otherwise empty. */
    Optional<ResourceServer> authenticate(String id, String secret);
}
