package io.mcpdcr.bench.micro;

import io.mcpdcr.domain.registration.RedirectUriPolicy;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The redirect URI rules every registration runs: an accepted loopback URI, an accepted https one, a hostile one. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RedirectUriPolicyBenchmark {
    private final RedirectUriPolicy policy = RedirectUriPolicy.strict();
    // Fields, not constants, so the JIT cannot fold the inputs away.
    private String loopback = "http://localhost:33418/callback";
    private String https = "https://app.example.com/oauth/callback?tenant=42";
    private String hostile = "http://evil.example/cb%0d%0aSet-Cookie:x";

    @Benchmark
    public Optional<String> acceptLoopback() {
        return policy.violation(loopback);
    }

    @Benchmark
    public Optional<String> acceptHttps() {
        return policy.violation(https);
    }

    @Benchmark
    public Optional<String> refuseHostile() {
        return policy.violation(hostile);
    }
}
