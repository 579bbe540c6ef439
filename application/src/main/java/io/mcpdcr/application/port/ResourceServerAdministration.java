package io.mcpdcr.application.port;

import io.mcpdcr.domain.token.ResourceServer;
import java.util.List;
import java.util.Optional;

/** Adding, listing and removing the resource servers allowed to introspect tokens; secrets are stored hashed. */
public interface ResourceServerAdministration {
    /** Adds a resource server under a new id and secret; empty when the name is taken. */
    Optional<Credentials> add(String name, Optional<String> resource);

    /** Every resource server, by name. */
    List<ResourceServer> list();

    /** Removes the resource server with this id, or else the one with this name; false when there is none. */
    boolean remove(String nameOrId);

    /** The new resource server's id and secret; the secret cannot be read back later. */
    record Credentials(String id, String secret) {}
}
