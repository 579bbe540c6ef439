package io.mcpdcr.bootstrap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** A private_key_jwt client's key, generated per test, and the assertions it (or a forger) signs (RFC 7523 §2.2). */
final class ClientAssertions {
    private final JWK key;

    private ClientAssertions(JWK key) {
        this.key = key;
    }

    static ClientAssertions rsa(String kid) throws JOSEException {
        return new ClientAssertions(new RSAKeyGenerator(2048).keyID(kid).generate());
    }

    static ClientAssertions ec(String kid) throws JOSEException {
        return new ClientAssertions(new ECKeyGenerator(Curve.P_256).keyID(kid).generate());
    }

    /** The public JWK Set, as a document's jwks or a jwks_uri serves it. */
    String publicJwkSet() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    static JWTClaimsSet.Builder claims(String clientId, String audience) {
        return new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(audience)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(1))))
                .jwtID(UUID.randomUUID().toString());
    }

    String sign(JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt;
        if (key instanceof RSAKey rsa) {
            jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(rsa));
        } else {
            jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new ECDSASigner((ECKey) key));
        }
        return jwt.serialize();
    }

    /** The classic forgery: HS256 keyed with the client's public key, which anyone can read. */
    String signHmacWithPublicKey(JWTClaimsSet claims) throws JOSEException {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new MACSigner(((RSAKey) key).toPublicKey().getEncoded()));
        return jwt.serialize();
    }

    static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }
}
