package io.mcpdcr.adapters.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mcpdcr.application.token.SigningKeyRing;

/**
 * {@code GET /.well-known/jwks.json}: the public keys of JWT access tokens (RFC 7517), named by {@code jwks_uri} in the
 * metadata. Cacheable for the key ring's cache lifetime, which is shorter than the lead a next key is published with,
 * so a cached set always holds the key that signs.
 */
final class JwksRoutes {
    static final String PATH = "/.well-known/jwks.json";

    private final SigningKeyRing keys;

    JwksRoutes(SigningKeyRing keys) {
        this.keys = keys;
    }

    void addTo(JavalinConfig config) {
        Cors.open(config, PATH, "GET");
        config.routes.get(PATH, this::serve);
    }

    private void serve(Context ctx) {
        ctx.status(200)
                .header("Cache-Control", "public, max-age=" + keys.cacheLifetime().toSeconds())
                .contentType("application/jwk-set+json")
                .result(keys.publishedKeySet());
    }
}
