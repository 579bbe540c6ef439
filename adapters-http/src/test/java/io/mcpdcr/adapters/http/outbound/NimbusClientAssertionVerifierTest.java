package io.mcpdcr.adapters.http.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mcpdcr.application.port.ClientAssertionVerifier.Failed;
import io.mcpdcr.application.port.ClientAssertionVerifier.Verified;
import io.mcpdcr.application.port.ClientMetadataDocuments;
import io.mcpdcr.domain.registration.ClientKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signatures and key sets; the claim rules are the domain's ClientAssertionPolicy. */
class NimbusClientAssertionVerifierTest {
    private static final String CLIENT = "https://chatgpt.example/oauth/client.json";
    private static final ClientKeys.Remote REMOTE = new ClientKeys.Remote("https://chatgpt.example/oauth/jwks.json");
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static RSAKey first;
    private static RSAKey second;

    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final KeySets keySets = new KeySets();
    private final NimbusClientAssertionVerifier verifier = new NimbusClientAssertionVerifier(keySets, now::get);

    @BeforeAll
    static void keys() throws JOSEException {
        first = new RSAKeyGenerator(2048).keyID("k1").generate();
        second = new RSAKeyGenerator(2048).keyID("k2").generate();
    }

    private static String signed(RSAKey key) throws JOSEException {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static JWTClaimsSet claims() {
        return new JWTClaimsSet.Builder().issuer(CLIENT).subject(CLIENT).audience("https://as.example/o/token")
                .expirationTime(Date.from(NOW.plusSeconds(60))).jwtID("jti-1").build();
    }

    private static ClientKeys.Inline inline(RSAKey key) {
        return new ClientKeys.Inline(new JWKSet(key.toPublicJWK()).toJSONObject());
    }

    @Test
    void readsTheClaimsOfAnAssertionItsKeyVerifies() throws JOSEException {
        var verification = verifier.verify(signed(first), inline(first));

        assertThat(verification).isInstanceOfSatisfying(Verified.class, verified -> {
            assertThat(verified.claims().issuer()).contains(CLIENT);
            assertThat(verified.claims().audience()).containsExactly("https://as.example/o/token");
            assertThat(verified.claims().jwtId()).contains("jti-1");
        });
    }

    @Test
    void refusesAnotherKeysSignatureAndHmacKeyedWithThePublicKey() throws JOSEException {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("k1").generate();
        assertThat(verifier.verify(signed(impostor), inline(first))).isEqualTo(
                new Failed("the client assertion's signature does not verify with the client's keys"));

        var hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims());
        hmac.sign(new MACSigner(first.toPublicKey().getEncoded()));
        assertThat(verifier.verify(hmac.serialize(), inline(first))).isInstanceOfSatisfying(Failed.class,
                failed -> assertThat(failed.reason()).startsWith("the client assertion's alg must be one of RS256"));
        assertThat(verifier.verify("not.a.jwt", inline(first))).isInstanceOf(Failed.class);
    }

    @Test
    void cachesAKeySetAndRefetchesItForANewKidAfterAMinute() throws JOSEException {
        keySets.serve(first);
        assertThat(verifier.verify(signed(first), REMOTE)).isInstanceOf(Verified.class);
        assertThat(verifier.verify(signed(first), REMOTE)).isInstanceOf(Verified.class);
        assertThat(keySets.fetches).as("cached").isEqualTo(1);

        keySets.serve(second);
        assertThat(verifier.verify(signed(second), REMOTE)).as("too soon to refetch").isInstanceOf(Failed.class);
        now.set(NOW.plus(Duration.ofSeconds(61)));
        assertThat(verifier.verify(signed(second), REMOTE)).as("the rotated key").isInstanceOf(Verified.class);
        assertThat(keySets.fetches).isEqualTo(2);
    }

    @Test
    void anUnreachableKeySetIsAFailureNotAnException() throws JOSEException {
        assertThat(verifier.verify(signed(first), REMOTE)).isEqualTo(
                new Failed("the client's keys could not be read from its jwks or jwks_uri"));
    }

    /** A jwks_uri host: serves the latest key set it was given, or fails before it has one. */
    private static final class KeySets implements ClientMetadataDocuments {
        private volatile String served;
        private int fetches;

        void serve(RSAKey key) {
            served = new JWKSet(key.toPublicJWK()).toString();
        }

        @Override
        public Fetch fetch(URI url) {
            throw new AssertionError("key sets are fetched, not documents");
        }

        @Override
        public Fetch fetchKeys(URI url) {
            fetches++;
            return served == null
                    ? new Failed("the document host refused the connection")
                    : new Fetched(served.getBytes(StandardCharsets.UTF_8), Optional.of(Duration.ofMinutes(10)));
        }
    }
}
