package io.mcpdcr.adapters.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.gateway.ProtectedResource;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 9728 protected resource metadata of each gateway route, at {@code /.well-known/oauth-protected-resource<path>}:
 * how an MCP client that knows only the route's URL finds this authorization server and the scopes to ask for.
 */
final class ProtectedResourceRoutes {
    private final String issuer;
    private final ScopeSet serverScopes;
    private final List<ProtectedResource> resources;

    ProtectedResourceRoutes(String issuer, ScopeSet serverScopes, List<ProtectedResource> resources) {
        this.issuer = issuer;
        this.serverScopes = serverScopes;
        this.resources = resources;
    }

    /**
     * At the well-known path followed by the route path, and, when the issuer has a path, at the URL clients derive
     * from the resource identifier (RFC 9728 §3.1), as for the authorization server metadata.
     */
    void addTo(JavalinConfig config) {
        String issuerPath = URI.create(issuer).getRawPath();
        issuerPath = issuerPath == null || issuerPath.equals("/") ? "" : issuerPath.replaceAll("/$", "");
        for (ProtectedResource resource : resources) {
            Map<String, Object> metadata = metadata(resource);
            for (String prefix : issuerPath.isEmpty() ? List.of("") : List.of("", issuerPath)) {
                String path = ProtectedResource.METADATA_PATH + prefix + resource.route().path();
                Cors.open(config, path, "GET");
                config.routes.get(path, ctx -> serve(ctx, metadata));
            }
        }
    }

    /** A route that requires scopes advertises those; otherwise the server's scopes, which any client may ask for. */
    private Map<String, Object> metadata(ProtectedResource resource) {
        ScopeSet scopes = resource.requiredScopes().isEmpty() ? serverScopes : resource.requiredScopes();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("resource", resource.identifier());
        json.put("authorization_servers", List.of(issuer));
        json.put("scopes_supported", List.copyOf(scopes.values()));
        json.put("bearer_methods_supported", List.of("header"));
        return Collections.unmodifiableMap(json);
    }

    private static void serve(Context ctx, Map<String, Object> metadata) {
        ctx.status(200).header("Cache-Control", "public, max-age=3600");
        Json.write(ctx, metadata);
    }
}
