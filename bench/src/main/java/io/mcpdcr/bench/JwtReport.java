package io.mcpdcr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Writes the "## JWT access tokens" section of docs/benchmarks.md from {@code bench/run.sh --only jwt}: the token
 * endpoint and the gateway with {@code DCR_ACCESS_TOKEN_FORMAT=jwt} beside {@code opaque}, measured alternately in the
 * same run, and the signing cost per token from JMH. Replaces an older section; goes before the findings.
 *
 * <p>Arguments: the scenario's properties, JMH's JSON result, docs/benchmarks.md.
 */
public final class JwtReport {
    private static final String SECTION = "## JWT access tokens";
    static final double MIN_RATIO = 0.90;

    private final Properties in;
    private final int rounds;

    private JwtReport(Properties in) {
        this.in = in;
        this.rounds = Integer.parseInt(in.getProperty("rounds"));
    }

    public static void main(String[] args) throws Exception {
        Properties figures = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]))) {
            figures.load(reader);
        }
        JsonNode jmh = new ObjectMapper().readTree(Path.of(args[1]).toFile());
        Path docs = Path.of(args[2]);
        String text = new JwtReport(figures).section(jmh);
        String report = Files.readString(docs);
        int start = report.indexOf(SECTION + "\n");
        if (start >= 0) {
            int end = report.indexOf("\n## ", start + SECTION.length());
            report = report.substring(0, start) + (end < 0 ? "" : report.substring(end + 1));
        }
        int findings = report.indexOf("## Profile findings");
        report = findings < 0 ? report + "\n" + text : report.substring(0, findings) + text + report.substring(findings);
        Files.writeString(docs, report);
        System.out.print(text);
    }

    /** One wrk result: requests, duration (µs), p50, p99, p99.9 (µs), non-2xx, socket errors. */
    private record Run(long requests, long micros, long p50, long p99, long p999, long errors) {
        static Run parse(String fields) {
            String[] f = fields.trim().split("\t");
            return new Run(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]) + Long.parseLong(f[6]));
        }

        double rate() {
            return requests * 1e6 / micros;
        }
    }

    private Run run(String workload, String format, int round) {
        return Run.parse(in.getProperty("wrk." + workload + "." + format + ".r" + round));
    }

    private double medianRate(String workload, String format) {
        List<Double> rates = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            rates.add(run(workload, format, r).rate());
        }
        rates.sort(null);
        int n = rates.size();
        return n % 2 == 1 ? rates.get(n / 2) : (rates.get(n / 2 - 1) + rates.get(n / 2)) / 2;
    }

    private String section(JsonNode jmh) {
        String conns = in.getProperty("conns");
        StringBuilder s = new StringBuilder(SECTION + "\n\n");
        s.append(String.format(Locale.ROOT, "`bench/run.sh --only jwt` (issue 18; the full `bench/run.sh` runs it"
                + " too), on %s, %s, %s. Load average (1, 5, 15 min) at start / end: %s / %s. Two jars on H2, one with"
                + " `DCR_ACCESS_TOKEN_FORMAT=opaque`, one with `jwt` (ES256, the default), both with the bench JVM"
                + " options (`%s`) and `DCR_GATEWAY=/mcp=` the MCP upstream of the gateway section; wrk drives them"
                + " alternately at %s connections, %d %s of %s s per workload and format, after %s s of warm-up each:"
                + " code exchange (`code.lua`, codes seeded through the real flow), refresh rotation (`refresh.lua`)"
                + " and `tools/call` through the gateway (`tools-call.lua`, a token from the real flow for"
                + " `<issuer>/mcp`). Both jars stay up for the whole run; only the one measured is loaded.\n\n",
                in.getProperty("date"), in.getProperty("machine"), in.getProperty("java.version", "Java 17"),
                in.getProperty("load.start"),
                in.getProperty("load.end"), in.getProperty("java.opts"), conns, rounds,
                rounds == 1 ? "round" : "rounds", in.getProperty("duration"), in.getProperty("warmup")));

        s.append("| target | figure | verdict |\n|---|---|---|\n");
        for (String[] workload : new String[][] {{"code", "Code exchange"}, {"refresh", "Refresh rotation"}}) {
            double opaque = medianRate(workload[0], "opaque");
            double jwt = medianRate(workload[0], "jwt");
            s.append(String.format(Locale.ROOT, "| %s with `jwt` ≥ 90%% of `opaque` | median of %d: %,.0f/s vs"
                    + " %,.0f/s = %.0f%% | %s |\n", workload[1], rounds, jwt, opaque, 100 * jwt / opaque,
                    jwt / opaque >= MIN_RATIO ? "**MET**" : "**MISSED**"));
        }
        double gatewayOpaque = medianRate("gateway", "opaque");
        double gatewayJwt = medianRate("gateway", "jwt");
        s.append(String.format(Locale.ROOT, "| Gateway `tools/call` with JWT access tokens, reported beside opaque |"
                + " median of %d: %,.0f/s vs %,.0f/s = %.0f%% | reported |\n", rounds, gatewayJwt, gatewayOpaque,
                100 * gatewayJwt / gatewayOpaque));
        s.append(String.format(Locale.ROOT, "| Signing cost per token (JMH) | ES256 %s, RS256 %s | reported |\n\n",
                jmhScore(jmh, "sign", "ES256"), jmhScore(jmh, "sign", "RS256")));

        s.append("| workload | format | round | req/s | p50 ms | p99 ms | p99.9 ms | errors | × opaque |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String workload : new String[] {"code", "refresh", "gateway"}) {
            for (int r = 1; r <= rounds; r++) {
                Run opaque = run(workload, "opaque", r);
                for (String format : new String[] {"opaque", "jwt"}) {
                    Run run = run(workload, format, r);
                    s.append(String.format(Locale.ROOT, "| %s | %s | %d | %,.0f | %.2f | %.2f | %.2f | %,d | %.2f |\n",
                            workload, format, r, run.rate(), run.p50 / 1000.0, run.p99 / 1000.0, run.p999 / 1000.0,
                            run.errors, run.rate() / opaque.rate()));
                }
            }
        }
        s.append("\nJMH (`JwtSigningBenchmark`, ").append(in.getProperty("jmh.options"))
                .append("), one thread, average time per operation:\n\n| benchmark | alg | µs/op | ± |\n|---|---|---:|---:|\n");
        for (JsonNode result : jmh) {
            String name = result.path("benchmark").asText();
            JsonNode metric = result.path("primaryMetric");
            s.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f |\n", name.substring(name.lastIndexOf('.') + 1),
                    result.path("params").path("algorithm").asText(), metric.path("score").asDouble(),
                    metric.path("scoreError").asDouble()));
        }
        s.append("\n`sign` builds the claims and signs them with the current key, whose Nimbus signer is kept per kid;"
                + " `hashSigned` is the SHA-256 of the signed token, the store's key for introspection, revocation and"
                + " the gateway. Raw logs in `").append(in.getProperty("raw.logs")).append("`.\n\n");
        return s.toString();
    }

    private static String jmhScore(JsonNode jmh, String benchmark, String algorithm) {
        for (JsonNode result : jmh) {
            if (result.path("benchmark").asText().endsWith("." + benchmark)
                    && result.path("params").path("algorithm").asText().equals(algorithm)) {
                return String.format(Locale.ROOT, "%.0f µs", result.path("primaryMetric").path("score").asDouble());
            }
        }
        return "not measured";
    }
}
