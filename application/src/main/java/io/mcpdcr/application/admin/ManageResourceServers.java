package io.mcpdcr.application.admin;

import io.mcpdcr.application.port.ResourceServerAdministration;
import io.mcpdcr.application.port.ResourceServerAdministration.Credentials;
import io.mcpdcr.domain.authorization.AuthorizationRequestPolicy;
import io.mcpdcr.domain.token.ResourceServer;
import java.util.List;
import java.util.Optional;

/**
 * The resource servers (MCP servers) allowed to introspect tokens, as an administrator adds and removes them. A name
 * or resource indicator the domain refuses, or a name already taken, is an outcome.
 */
public final class ManageResourceServers {
    private final ResourceServerAdministration servers;
    private final AuthorizationRequestPolicy resources;

    /** @param resources checks a resource indicator as the authorization endpoint would (RFC 8707) */
    public ManageResourceServers(ResourceServerAdministration servers, AuthorizationRequestPolicy resources) {
        this.servers = servers;
        this.resources = resources;
    }

    public Addition add(String name, Optional<String> resource) {
        Optional<String> problem = ResourceServer.nameProblem(name);
        if (problem.isPresent()) {
            return new Addition.Refused(problem.get());
        }
        Optional<String> badResource = resource.flatMap(resources::resourceProblem);
        if (badResource.isPresent()) {
            return new Addition.BadResource(badResource.get());
        }
        return servers.add(name, resource)
                .<Addition>map(Addition.Added::new)
                .orElseGet(() -> new Addition.Refused("a resource server with this name exists"));
    }

    public List<ResourceServer> list() {
        return servers.list();
    }

    /** Removes the server with this id, or else the one with this name; false when there is none. */
    public boolean remove(String nameOrId) {
        return servers.remove(nameOrId);
    }

    /** The result of adding a resource server. */
    public sealed interface Addition {
        /** @param credentials shown once: the secret is kept only as a hash */
        record Added(Credentials credentials) implements Addition {}

        /** @param problem why the name is refused, or that it is taken */
        record Refused(String problem) implements Addition {}

        /** @param problem why the resource indicator is refused */
        record BadResource(String problem) implements Addition {}
    }
}
