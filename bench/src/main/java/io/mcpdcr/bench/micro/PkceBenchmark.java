package io.mcpdcr.bench.micro;

import io.mcpdcr.domain.pkce.Pkce;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** PKCE S256 verification as the token endpoint runs it on every code exchange: a match and a mismatch. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PkceBenchmark {
    private String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-bench-verifier";
    private String challenge = Pkce.s256(verifier);
    private String wrongVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-wrong-verifier";

    @Benchmark
    public boolean verifyMatch() {
        return Pkce.matches(challenge, verifier);
    }

    @Benchmark
    public boolean verifyMismatch() {
        return Pkce.matches(challenge, wrongVerifier);
    }
}
