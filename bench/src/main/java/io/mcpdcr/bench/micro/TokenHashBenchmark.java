package io.mcpdcr.bench.micro;

import io.mcpdcr.domain.token.OpaqueToken;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Token hashing (SHA-256, base64url) that every code, token and session lookup pays, and the generation of a fresh
 * 256-bit secret that every code and token issue pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenHashBenchmark {
    private final SecureRandom random = new SecureRandom();
    private String token = OpaqueToken.generate(random);

    @Benchmark
    public String hash() {
        return OpaqueToken.hash(token);
    }

    @Benchmark
    public String generate() {
        return OpaqueToken.generate(random);
    }
}
