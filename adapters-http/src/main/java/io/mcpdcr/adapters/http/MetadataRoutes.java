package io.mcpdcr.adapters.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mcpdcr.adapters.http.outbound.NimbusClientAssertionVerifier;
import io.mcpdcr.domain.authorization.OfflineAccessPolicy;
import io.mcpdcr.domain.authorization.ScopeSet;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 8414 authorization server metadata, from which MCP clients discover every endpoint. Served at the well-known
 * path and, when the issuer has a path, at the path-inserted form too.
 */
final class MetadataRoutes {
    static final String WELL_KNOWN = "/.well-known/oauth-authorization-server";

    private final Map<String, Object> metadata;
    private final String issuerPath;

    MetadataRoutes(String issuer, ScopeSet scopes, boolean clientIdMetadataDocuments) {
        this(issuer, scopes, clientIdMetadataDocuments, false);
    }

    /** @param jwtAccessTokens whether access tokens are JWTs, whose keys {@code jwks_uri} publishes */
    MetadataRoutes(String issuer, ScopeSet scopes, boolean clientIdMetadataDocuments, boolean jwtAccessTokens) {
        String base = base(issuer);
        String path = URI.create(issuer).getRawPath();
        this.issuerPath = path == null || path.equals("/") ? "" : path;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("issuer", issuer);
        json.put("authorization_endpoint", base + AuthorizationRoutes.AUTHORIZE + "/");
        json.put("token_endpoint", base + TokenRoutes.TOKEN + "/");
        json.put("registration_endpoint", base + RegistrationRoutes.PATH + "/");
        json.put("revocation_endpoint", base + TokenRoutes.REVOKE + "/");
        json.put("introspection_endpoint", base + TokenRoutes.INTROSPECT + "/");
        if (jwtAccessTokens) {
            json.put("jwks_uri", base + JwksRoutes.PATH);
        }
        json.put("response_types_supported", List.of("code"));
        json.put("response_modes_supported", List.of("query"));
        json.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        // private_key_jwt is for clients known by their metadata document; "none" stays first: Claude checks for it.
        List<String> authMethods = clientIdMetadataDocuments ? List.of("none", "private_key_jwt") : List.of("none");
        json.put("token_endpoint_auth_methods_supported", authMethods);
        json.put("revocation_endpoint_auth_methods_supported", authMethods);
        if (clientIdMetadataDocuments) {
            json.put("token_endpoint_auth_signing_alg_values_supported",
                    NimbusClientAssertionVerifier.algorithmNames());
            json.put("revocation_endpoint_auth_signing_alg_values_supported",
                    NimbusClientAssertionVerifier.algorithmNames());
        }
        json.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        json.put("code_challenge_methods_supported", List.of("S256"));
        json.put("scopes_supported", List.copyOf(OfflineAccessPolicy.requestable(scopes).values()));
        json.put("authorization_response_iss_parameter_supported", true);
        if (clientIdMetadataDocuments) {
            json.put("client_id_metadata_document_supported", true);
        }
        this.metadata = Collections.unmodifiableMap(json);
    }

    /** The aud values of a client assertion meant for this server (RFC 7523 §3): its issuer and token endpoint. */
    static List<String> assertionAudiences(String issuer) {
        String tokenEndpoint = base(issuer) + TokenRoutes.TOKEN;
        return List.of(issuer, tokenEndpoint, tokenEndpoint + "/");
    }

    private static String base(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    void addTo(JavalinConfig config) {
        Cors.open(config, WELL_KNOWN, "GET");
        config.routes.get(WELL_KNOWN, this::serve);
        if (!issuerPath.isEmpty()) {
            Cors.open(config, WELL_KNOWN + issuerPath, "GET");
            config.routes.get(WELL_KNOWN + issuerPath, this::serve);
        }
    }

    private void serve(Context ctx) {
        ctx.status(200).header("Cache-Control", "public, max-age=3600");
        Json.write(ctx, metadata);
    }
}
