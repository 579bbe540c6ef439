package io.mcpdcr.bootstrap;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.javalin.Javalin;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small OpenID provider of our own that hands out whatever ID token a test crafts: discovery, a JWKS of a real RSA
 * key it generated, an authorization endpoint that redirects straight back, and a token endpoint answering with the
 * crafted ID token. For the attacks a real provider would never sign.
 */
final class ForgingOidcProvider implements AutoCloseable {
    static final String CLIENT_ID = "dcr-at-forge";

    final String issuer;
    final RSAKey key;
    final AtomicInteger jwksFetches = new AtomicInteger();
    private final Javalin app;
    private final AtomicReference<JWKSet> published;
    private final AtomicReference<String> nonce = new AtomicReference<>();
    private final AtomicReference<Forge> idToken = new AtomicReference<>();

    ForgingOidcProvider() throws Exception {
        int port = FreePort.pick();
        issuer = "http://127.0.0.1:" + port;
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        published = new AtomicReference<>(new JWKSet(key.toPublicJWK()));
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/.well-known/openid-configuration", ctx -> ctx.json(Map.of(
                    "issuer", issuer,
                    "authorization_endpoint", issuer + "/authorize",
                    "token_endpoint", issuer + "/token",
                    "jwks_uri", issuer + "/jwks",
                    "response_types_supported", List.of("code"),
                    "subject_types_supported", List.of("public"),
                    "id_token_signing_alg_values_supported", List.of("RS256"))));
            config.routes.get("/jwks", ctx -> {
                jwksFetches.incrementAndGet();
                ctx.contentType("application/json").result(published.get().toString());
            });
            config.routes.get("/authorize", ctx -> {
                nonce.set(ctx.queryParam("nonce"));
                ctx.redirect(ctx.queryParam("redirect_uri") + "?code=forged-code&state="
                        + URLEncoder.encode(ctx.queryParam("state"), StandardCharsets.UTF_8));
            });
            config.routes.post("/token", ctx -> ctx.json(Map.of("access_token", "upstream-access-token",
                    "token_type", "Bearer", "expires_in", 60, "id_token", idToken.get().idToken(nonce.get()))));
        });
        app.start("127.0.0.1", port);
    }

    /** The next token endpoint answer's ID token, made from the nonce of the authorization request. */
    void answerWith(Forge forge) {
        idToken.set(forge);
    }

    void publish(JWKSet keys) {
        published.set(keys);
    }

    /** Claims a correct ID token for {@code nonce} would have. */
    JWTClaimsSet.Builder claims(String nonce) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).subject("forged-sub").audience(CLIENT_ID)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("nonce", nonce).claim("email", "eve@example.com").claim("email_verified", true);
    }

    /** The claims signed with RS256 by {@code signingKey}, its kid in the header. */
    static String signed(JWTClaimsSet claims, RSAKey signingKey) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }

    /** Makes an ID token for the nonce of the authorization request. */
    @FunctionalInterface
    interface Forge {
        String idToken(String nonce) throws Exception;
    }

    @Override
    public void close() {
        app.stop();
    }
}
