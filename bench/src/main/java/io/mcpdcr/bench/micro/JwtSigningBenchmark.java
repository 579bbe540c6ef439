package io.mcpdcr.bench.micro;

import io.mcpdcr.adapters.jose.KeyEncryption;
import io.mcpdcr.adapters.jose.NimbusJwtSigner;
import io.mcpdcr.application.port.SigningKeyStore.StoredSigningKey;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.token.AccessTokenClaims;
import io.mcpdcr.domain.token.OpaqueToken;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a JWT access token costs the token endpoint beyond an opaque one: signing the RFC 9068 claims with the
 * current key (Nimbus, JCA), per algorithm, plus hashing the longer token for the store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JwtSigningBenchmark {
    @Param({"ES256", "RS256"})
    public String algorithm;

    private final SecureRandom random = new SecureRandom();
    private NimbusJwtSigner signer;
    private StoredSigningKey key;
    private String signed;

    @Setup
    public void makeKey() {
        signer = new NimbusJwtSigner(algorithm, KeyEncryption.none());
        key = signer.generate(1, Instant.now());
        signed = sign();
    }

    @Benchmark
    public String sign() {
        Instant now = Instant.now();
        return signer.sign(new AccessTokenClaims("https://auth.example.com", "u_0123456789abcdefghijklmnopqrstuv",
                "https://mcp.example.com/mcp", "https://client.example.com/oauth/client.json", ScopeSet.parse("mcp"),
                now, now.plusSeconds(3600), OpaqueToken.generate(random), now, Optional.empty()), key);
    }

    /** The store's lookup key of the signed token, paid on issue and on every introspection and gateway call. */
    @Benchmark
    public String hashSigned() {
        return OpaqueToken.hash(signed);
    }
}
