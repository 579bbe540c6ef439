package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.adapters.jdbc.JdbiSigningKeyStore;
import io.mcpdcr.adapters.jose.KeyEncryption;
import io.mcpdcr.adapters.jose.NimbusJwtSigner;
import io.mcpdcr.application.token.SigningKeyRing;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.token.AccessTokenClaims;
import io.mcpdcr.domain.token.SigningKeyPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key rotation with a controlled clock, on the real store, signer and key ring, tokens checked by Nimbus against the
 * key set published at each moment: the next key is published before it signs, tokens signed before a rotation verify
 * until they expire, new tokens carry the new kid, and the old key is dropped once its last token has expired.
 * Subclasses pick the database.
 */
abstract class SigningKeyRotationContract {
    private static final Duration ROTATION = Duration.ofHours(8);
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    /** The start of a rotation slot of 8 hours. */
    private static final Instant SLOT = Instant.ofEpochMilli(60_000L * ROTATION.toMillis());

    private Database database;
    private Instant now;
    private SigningKeyRing ring;
    private final SigningKeyPolicy policy = new SigningKeyPolicy(ROTATION, TOKEN_LIFETIME);

    /** A migrated, empty database of this subclass's kind. */
    abstract String jdbcUrl();

    @BeforeEach
    void open() {
        database = Database.open(jdbcUrl(), "", "", 2);
        database.jdbi().useHandle(handle -> handle.execute("DELETE FROM signing_key"));
        now = SLOT.plus(Duration.ofHours(1));
        InstantSource clock = () -> now;
        ring = new SigningKeyRing(new JdbiSigningKeyStore(database.jdbi(), clock),
                new NimbusJwtSigner("ES256", KeyEncryption.none()), policy, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theNextKeyIsPublishedAheadOldTokensVerifyUntilTheyExpireAndTheOldKeyIsThenDropped() throws Exception {
        assertThat(ring.start().created()).isEqualTo(1);
        String first = ring.currentKid().orElseThrow();
        assertThat(kids(ring.publishedKeySet())).containsExactly(first);

        now = SLOT.plus(ROTATION).minus(policy.publishAhead());
        assertThat(ring.maintain().created()).as("the next key, a lead ahead").isEqualTo(1);
        List<String> both = kids(ring.publishedKeySet());
        assertThat(both).hasSize(2).contains(first);
        String next = both.stream().filter(kid -> !kid.equals(first)).findFirst().orElseThrow();
        assertThat(kidOf(token())).as("published, not signing yet").isEqualTo(first);

        now = SLOT.plus(ROTATION).minusSeconds(60);
        String beforeRotation = token();
        assertThat(kidOf(beforeRotation)).isEqualTo(first);
        String cachedSet = ring.publishedKeySet();

        now = SLOT.plus(ROTATION);
        ring.maintain();
        String afterRotation = token();
        assertThat(kidOf(afterRotation)).as("new tokens carry the new kid").isEqualTo(next);
        assertThat(verifies(afterRotation, cachedSet)).as("a set cached before the rotation has the new key").isTrue();
        assertThat(verifies(beforeRotation, ring.publishedKeySet())).isTrue();

        now = SLOT.plus(ROTATION).plus(TOKEN_LIFETIME).minusSeconds(61);
        assertThat(ring.maintain().dropped()).isZero();
        assertThat(expiresAt(beforeRotation)).isAfter(now);
        assertThat(verifies(beforeRotation, ring.publishedKeySet())).as("its key stays while it lives").isTrue();

        now = SLOT.plus(ROTATION).plus(TOKEN_LIFETIME);
        assertThat(expiresAt(beforeRotation)).isBefore(now);
        assertThat(ring.maintain().dropped()).as("the last token of the old key has expired").isEqualTo(1);
        assertThat(kids(ring.publishedKeySet())).containsExactly(next);
        assertThat(verifies(beforeRotation, ring.publishedKeySet())).isFalse();
        assertThat(verifies(afterRotation, ring.publishedKeySet())).isTrue();
    }

    @Test
    void aKeyAnotherInstanceMadeIsPickedUpFromTheDatabase() throws Exception {
        ring.start();
        InstantSource clock = () -> now;
        var other = new SigningKeyRing(new JdbiSigningKeyStore(database.jdbi(), clock),
                new NimbusJwtSigner("ES256", KeyEncryption.none()), policy, clock);
        assertThat(other.start().created()).as("the first instance made it").isZero();
        assertThat(other.currentKid()).isEqualTo(ring.currentKid());

        now = SLOT.plus(ROTATION).minus(policy.publishAhead());
        other.maintain();
        now = now.plusSeconds(11); // past the in-memory copy's age
        assertThat(kids(ring.publishedKeySet())).hasSize(2).isEqualTo(kids(other.publishedKeySet()));
    }

    private String token() {
        return ring.sign(new AccessTokenClaims("https://as.example", "u_x", "https://rs.example", "client",
                ScopeSet.parse("mcp"), now, now.plus(TOKEN_LIFETIME), UUID.randomUUID().toString(), now,
                Optional.empty()));
    }

    /** Whether Nimbus accepts the token's signature and type with this key set; expiry is checked on our clock. */
    private static boolean verifies(String jwt, String keySet) throws Exception {
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(NimbusJwtSigner.AT_JWT));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256),
                new ImmutableJWKSet<>(JWKSet.parse(keySet))));
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        try {
            processor.process(jwt, null);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> kids(String keySet) throws Exception {
        return JWKSet.parse(keySet).getKeys().stream().map(JWK::getKeyID).toList();
    }

    private static String kidOf(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getHeader().getKeyID();
    }

    private static Instant expiresAt(String jwt) throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(jwt).getJWTClaimsSet();
        return claims.getExpirationTime().toInstant();
    }
}
