package io.mcpdcr.domain.gateway;

import io.mcpdcr.domain.authorization.ScopeSet;
import java.net.URI;
import java.util.Objects;

/**
 * A gateway route as OAuth sees it (RFC 9728): the resource identifier tokens must carry as their audience, where its
 * metadata is published, and the scopes it requires.
 *
 * @param identifier the resource identifier: the issuer followed by the route path
 * @param metadataUrl RFC 9728 §3.1: {@code /.well-known/oauth-protected-resource} inserted before the identifier's path
 */
public record ProtectedResource(GatewayRoute route, String identifier, String metadataUrl) {
    public static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

    public ProtectedResource {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(metadataUrl, "metadataUrl");
    }

    /** The route published under {@code issuer}: the resource identifier is the issuer followed by the route path. */
    public static ProtectedResource of(String issuer, GatewayRoute route) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        String identifier = base + route.path();
        URI uri = URI.create(identifier);
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        return new ProtectedResource(route, identifier, origin + METADATA_PATH + uri.getRawPath());
    }

    public ScopeSet requiredScopes() {
        return route.requiredScopes();
    }
}
