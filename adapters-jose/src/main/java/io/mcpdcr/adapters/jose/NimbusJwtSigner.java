package io.mcpdcr.adapters.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mcpdcr.application.port.JwtSigner;
import io.mcpdcr.application.port.SigningKeyStore.StoredSigningKey;
import io.mcpdcr.domain.token.AccessTokenClaims;
import io.mcpdcr.domain.token.SigningKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signing keys and JWT access tokens with Nimbus JOSE: ES256 (P-256) or RS256 (2048-bit RSA) keys, tokens with header
 * {@code typ: at+jwt} and {@code kid} (RFC 9068 §2.1). EdDSA is not offered: Nimbus signs Ed25519 only through Google
 * Tink, a second crypto library for one algorithm that MCP resource-server libraries rarely expect. The signer of each
 * key is built once from its private JWK and kept while the key exists.
 */
public final class NimbusJwtSigner implements JwtSigner {
    /** The media type of an access token JWT (RFC 9068 §2.1). */
    public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
    /** A few keys are alive at once (previous, current, next); more cached signers than this are stale ones. */
    private static final int MAX_SIGNERS = 16;

    private final JWSAlgorithm algorithm;
    private final KeyEncryption encryption;
    private final Map<String, JWSSigner> signers = new ConcurrentHashMap<>();

    /**
     * @param algorithm {@code ES256} or {@code RS256}
     * @throws IllegalArgumentException for any other algorithm
     */
    public NimbusJwtSigner(String algorithm, KeyEncryption encryption) {
        this.algorithm = JWSAlgorithm.parse(algorithm.toUpperCase(Locale.ROOT));
        if (!supported().contains(this.algorithm.getName())) {
            throw new IllegalArgumentException("must be one of " + supported());
        }
        this.encryption = encryption;
    }

    /** The algorithms a deployment may choose. */
    public static List<String> supported() {
        return List.of(JWSAlgorithm.ES256.getName(), JWSAlgorithm.RS256.getName());
    }

    @Override
    public StoredSigningKey generate(long slot, Instant activatesAt) {
        try {
            JWK key = JWSAlgorithm.ES256.equals(algorithm)
                    ? new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
                            .keyIDFromThumbprint(true).generate()
                    : new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
                            .keyIDFromThumbprint(true).generate();
            String kid = key.getKeyID();
            return new StoredSigningKey(
                    new SigningKey(kid, slot, algorithm.getName(), key.toPublicJWK().toJSONString(), activatesAt),
                    encryption.seal(kid, key.toJSONString()));
        } catch (JOSEException e) {
            throw new IllegalStateException("key generation failed", e);
        }
    }

    @Override
    public void prepare(StoredSigningKey key) {
        signer(key);
    }

    @Override
    public String sign(AccessTokenClaims claims, StoredSigningKey key) {
        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder()
                .issuer(claims.issuer())
                .subject(claims.subject())
                .audience(claims.audience())
                .claim("client_id", claims.clientId())
                .claim("scope", claims.scope().toString())
                .issueTime(Date.from(claims.issuedAt()))
                .expirationTime(Date.from(claims.expiresAt()))
                .jwtID(claims.jwtId())
                .claim("auth_time", claims.authTime().getEpochSecond());
        claims.preferredUsername().ifPresent(username -> body.claim("preferred_username", username));
        SigningKey signing = key.key();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(signing.algorithm()))
                .type(AT_JWT)
                .keyID(signing.kid())
                .build();
        SignedJWT jwt = new SignedJWT(header, body.build());
        try {
            jwt.sign(signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }

    @Override
    public String keySet(List<SigningKey> keys) {
        List<JWK> jwks = keys.stream().map(key -> parse(key.publicJwk())).toList();
        return new JWKSet(jwks).toString(true);
    }

    private JWSSigner signer(StoredSigningKey stored) {
        String kid = stored.key().kid();
        JWSSigner cached = signers.get(kid);
        if (cached != null) {
            return cached;
        }
        JWK privateKey = parse(encryption.open(kid, stored.sealedPrivateKey()));
        JWSSigner signer;
        try {
            signer = privateKey instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) privateKey);
        } catch (JOSEException e) {
            throw new IllegalStateException("unusable signing key " + kid, e);
        }
        if (signers.size() >= MAX_SIGNERS) {
            signers.clear();
        }
        signers.put(kid, signer);
        return signer;
    }

    private static JWK parse(String json) {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored key is not a JWK", e);
        }
    }
}
