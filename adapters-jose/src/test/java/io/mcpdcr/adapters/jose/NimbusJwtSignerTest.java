package io.mcpdcr.adapters.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.mcpdcr.application.port.SigningKeyStore.StoredSigningKey;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.token.AccessTokenClaims;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NimbusJwtSignerTest {
    private static final Instant NOW = Instant.now();
    private static final AccessTokenClaims CLAIMS = new AccessTokenClaims("https://as.example", "u_sub",
            "https://rs.example/mcp", "client-1", ScopeSet.parse("mcp repo"), NOW, NOW.plusSeconds(300), "jti-1",
            NOW.minusSeconds(30), Optional.of("alice"));

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "RS256"})
    void signsAnRfc9068TokenThatTheKeySetVerifies(String algorithm) throws Exception {
        var signer = new NimbusJwtSigner(algorithm, KeyEncryption.none());
        StoredSigningKey key = signer.generate(7, NOW);
        assertThat(key.key().algorithm()).isEqualTo(algorithm);
        assertThat(key.key().publicJwk()).doesNotContain("\"d\"");
        String jwt = signer.sign(CLAIMS, key);

        SignedJWT parsed = SignedJWT.parse(jwt);
        assertThat(parsed.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(parsed.getHeader().getKeyID()).isEqualTo(key.key().kid());
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(NimbusJwtSigner.AT_JWT));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.parse(algorithm),
                new ImmutableJWKSet<>(JWKSet.parse(signer.keySet(List.of(key.key()))))));
        JWTClaimsSet claims = processor.process(jwt, null);
        assertThat(claims.getIssuer()).isEqualTo("https://as.example");
        assertThat(claims.getSubject()).isEqualTo("u_sub");
        assertThat(claims.getAudience()).containsExactly("https://rs.example/mcp");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("client-1");
        assertThat(claims.getStringClaim("scope")).isEqualTo("mcp repo");
        assertThat(claims.getJWTID()).isEqualTo("jti-1");
        assertThat(claims.getLongClaim("auth_time")).isEqualTo(NOW.minusSeconds(30).getEpochSecond());
        assertThat(claims.getExpirationTime().toInstant().getEpochSecond()).isEqualTo(NOW.plusSeconds(300).getEpochSecond());
        assertThat(claims.getIssueTime().toInstant().getEpochSecond()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("alice");
    }

    @Test
    void withAKeyEncryptionKeyThePrivateKeyIsSealedAndOpensOnlyWithThatKey() {
        String kek = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // 32 bytes
        var signer = new NimbusJwtSigner("ES256", KeyEncryption.withKey(kek));
        StoredSigningKey key = signer.generate(1, NOW);
        assertThat(key.sealedPrivateKey()).startsWith(KeyEncryption.PREFIX).doesNotContain("\"d\"");
        assertThat(new NimbusJwtSigner("ES256", KeyEncryption.withKey(kek)).sign(CLAIMS, key)).isNotBlank();

        String other = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
        assertThatThrownBy(() -> new NimbusJwtSigner("ES256", KeyEncryption.withKey(other)).prepare(key))
                .isInstanceOf(KeyEncryption.KeyUnreadableException.class).hasMessageContaining("wrong");
        assertThatThrownBy(() -> new NimbusJwtSigner("ES256", KeyEncryption.none()).prepare(key))
                .isInstanceOf(KeyEncryption.KeyUnreadableException.class).hasMessageContaining("not set");
        var moved = new StoredSigningKey(signer.generate(2, NOW).key(), key.sealedPrivateKey());
        assertThatThrownBy(() -> new NimbusJwtSigner("ES256", KeyEncryption.withKey(kek)).prepare(moved))
                .as("bound to its kid").isInstanceOf(KeyEncryption.KeyUnreadableException.class);
    }

    @Test
    void refusesKeysOfTheWrongSizeAndUnsupportedAlgorithms() {
        assertThatThrownBy(() -> KeyEncryption.withKey("c2hvcnQ=")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> KeyEncryption.withKey("not base64 !")).hasMessageContaining("base64");
        assertThatThrownBy(() -> new NimbusJwtSigner("HS256", KeyEncryption.none()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NimbusJwtSigner("EdDSA", KeyEncryption.none()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
