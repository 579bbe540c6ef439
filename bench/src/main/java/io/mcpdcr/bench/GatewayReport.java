package io.mcpdcr.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Writes the "## Gateway" section of docs/benchmarks.md from the gateway scenario's figures: the targets of issue 16
 * with their verdicts, then the figures in the style of the other sections, every gateway figure beside the direct
 * one measured in the same run. Replaces an older section; goes before the hand-written findings.
 */
final class GatewayReport {
    private static final String SECTION = "## Gateway";
    static final double MIN_THROUGHPUT_RATIO = 0.70;
    static final double MAX_ADDED_MEDIAN_MS = 1.0;
    static final long MAX_EXTRA_RSS_MB = 64;
    /** Events that arrive at 99% of the paced rate or better count as carried: the pacing itself rounds a little. */
    static final double MIN_EVENT_RATE_RATIO = 0.99;

    private final Properties in;
    private final int rounds;

    private GatewayReport(Properties in) {
        this.in = in;
        this.rounds = Integer.parseInt(in.getProperty("rounds"));
    }

    static void write(Properties figures, Path docs) throws Exception {
        String text = new GatewayReport(figures).section();
        String report = Files.readString(docs);
        int start = report.indexOf(SECTION + "\n");
        if (start >= 0) {
            int end = report.indexOf("\n## ", start + SECTION.length());
            report = report.substring(0, start) + (end < 0 ? "" : report.substring(end + 1));
        }
        int findings = report.indexOf("## Profile findings");
        report = findings < 0 ? report + "\n" + text
                : report.substring(0, findings) + text + report.substring(findings);
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

    private Run run(String path, int conns, int round) {
        return Run.parse(in.getProperty("wrk." + path + "." + conns + ".r" + round));
    }

    /** CPU time per call, in µs, of the jar ({@code process} 0) or the upstream (1), during one wrk run. */
    private double cpuMicros(String path, int conns, int round, int process) {
        String[] ticks = in.getProperty("cpu." + path + "." + conns + ".r" + round).trim().split(" ");
        return Long.parseLong(ticks[process]) * 1e6 / Long.parseLong(in.getProperty("clk.tck"))
                / run(path, conns, round).requests;
    }

    private double median(String path, int conns, boolean latency) {
        List<Double> values = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            Run run = run(path, conns, r);
            values.add(latency ? run.p50 / 1000.0 : run.rate());
        }
        return median(values);
    }

    private double medianCpu(String path, int process) {
        List<Double> values = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            values.add(cpuMicros(path, 32, r, process));
        }
        return median(values);
    }

    private static double median(List<Double> values) {
        values.sort(null);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private String section() {
        double direct32 = median("direct", 32, false);
        double gateway32 = median("gateway", 32, false);
        double ratio = gateway32 / direct32;
        double direct1 = median("direct", 1, true);
        double gateway1 = median("gateway", 1, true);
        double added = gateway1 - direct1;
        long rssBefore = kb("idle.gateway.rss.before.kb");
        long rssPeak = kb("idle.gateway.rss.peak.kb");
        double extraMb = (rssPeak - rssBefore) / 1024.0;
        int streams = Integer.parseInt(in.getProperty("idle.gateway.streams"));
        boolean allOpen = in.getProperty("idle.gateway.still.open").equals(in.getProperty("idle.gateway.streams"))
                && in.getProperty("idle.gateway.refused").equals("0");
        int eventRate = Integer.parseInt(in.getProperty("events.rate"));

        StringBuilder s = new StringBuilder(SECTION + "\n\n");
        s.append(String.format(Locale.ROOT, "`bench/run.sh --only gateway` (issue 16; the full `bench/run.sh` runs it"
                + " too), on %s, %s. Load average (1, 5, 15 min) at start / end: %s / %s. The upstream is"
                + " `bench/.../GatewayUpstream.java`: the MCP Java SDK %s stateless Streamable HTTP servlet on Jetty,"
                + " on loopback, with one tool, `echo`, and an event-stream endpoint beside it (`/mcp/events`). The"
                + " jar and the upstream run with the bench JVM options (`%s`); the jar on H2 with `DCR_GATEWAY=/mcp=%s`"
                + " and an access token from the real flow (`FlowSeeder` with `resource=<issuer>/mcp`). *Direct* is"
                + " wrk to the upstream; *gateway* is wrk to the jar's `/mcp` with the bearer token, in the same run,"
                + " alternately: %d %s of %s s at 32 connections and at 1, after %s s of warm-up through the gateway"
                + " (half that direct, first). `bench/wrk/tools-call.lua` POSTs a JSON-RPC `tools/call` and counts as"
                + " an error any answer that is not a 2xx with a `result`. wrk, the upstream and the jar share the"
                + " machine's %s cores.\n\n", in.getProperty("date"), in.getProperty("machine"),
                in.getProperty("load.start"), in.getProperty("load.end"), in.getProperty("sdk.version"),
                in.getProperty("java.opts"), in.getProperty("upstream"), rounds, rounds == 1 ? "round" : "rounds",
                in.getProperty("duration"), in.getProperty("warmup"), in.getProperty("cores")));

        s.append("| target | figure | verdict |\n|---|---|---|\n");
        double jarCpu = medianCpu("gateway", 0);
        double upstreamCpu = medianCpu("gateway", 1);
        double directCpu = medianCpu("direct", 1);
        s.append(String.format(Locale.ROOT, "| `tools/call` through the gateway ≥ 70%% of direct at 32 connections"
                + " | median of %d: %,.0f/s vs %,.0f/s = %.0f%%; CPU per call: jar %.0f µs + upstream %.0f µs,"
                + " vs upstream %.0f µs direct | %s |\n", rounds, gateway32, direct32, ratio * 100, jarCpu,
                upstreamCpu, directCpu, verdict(ratio >= MIN_THROUGHPUT_RATIO)));
        if (hasJwt()) {
            double jwt32 = median("gateway-jwt", 32, false);
            s.append(String.format(Locale.ROOT, "| `tools/call` with a JWT access token (`DCR_ACCESS_TOKEN_FORMAT=jwt`,"
                    + " %s), reported beside the opaque one | median of %d: %,.0f/s vs %,.0f/s opaque = %.0f%%;"
                    + " p50 at 1 connection %.3f ms vs %.3f ms; CPU per call: jar %.0f µs | reported |\n",
                    in.getProperty("jwt.alg"), rounds, jwt32, gateway32, 100 * jwt32 / gateway32,
                    median("gateway-jwt", 1, true), gateway1, medianCpu("gateway-jwt", 0)));
        }
        s.append(String.format(Locale.ROOT, "| Added median latency at 1 connection ≤ 1 ms | median p50 %.3f ms vs"
                + " %.3f ms = +%.3f ms | %s |\n", gateway1, direct1, added, verdict(added <= MAX_ADDED_MEDIAN_MS)));
        s.append(String.format(Locale.ROOT, "| %,d idle SSE streams through the gateway cost ≤ 64 MB of extra RSS"
                + " | %d MB → %d MB (highest of %s s held) = +%.1f MB; %s of %d still open at the end | %s |\n",
                streams, rssBefore / 1024, rssPeak / 1024, in.getProperty("idle.hold"), extraMb,
                in.getProperty("idle.gateway.still.open"), streams,
                verdict(extraMb <= MAX_EXTRA_RSS_MB && allOpen)));
        double viaRate = eventRate("events.gateway");
        boolean carried = lossless("events.gateway") && viaRate >= eventRate * MIN_EVENT_RATE_RATIO;
        s.append(String.format(Locale.ROOT, "| One SSE stream carries %,d events/s without loss | %,d of %,d events in"
                + " %s s = %,.0f/s, %s out of order (direct: %,d in %s s = %,.0f/s) | %s |\n\n", eventRate,
                count("events.gateway.received"), count("events.gateway.sent"),
                in.getProperty("events.gateway.seconds"), viaRate, in.getProperty("events.gateway.out.of.order"),
                count("events.direct.received"), in.getProperty("events.direct.seconds"),
                eventRate("events.direct"), verdict(carried)));

        s.append("| path | conns | round | req/s | p50 ms | p99 ms | p99.9 ms | errors | × direct"
                        + " | CPU µs per call: jar + upstream |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int conns : new int[] {32, 1}) {
            for (int r = 1; r <= rounds; r++) {
                Run direct = run("direct", conns, r);
                for (String path : hasJwt() ? new String[] {"direct", "gateway", "gateway-jwt"}
                        : new String[] {"direct", "gateway"}) {
                    Run run = run(path, conns, r);
                    s.append(String.format(Locale.ROOT,
                            "| %s | %d | %d | %,.0f | %.2f | %.2f | %.2f | %,d | %.2f | %.0f + %.0f |\n",
                            label(path), conns, r,
                            run.rate(), run.p50 / 1000.0, run.p99 / 1000.0, run.p999 / 1000.0, run.errors,
                            run.rate() / direct.rate(), cpuMicros(path, conns, r, 0), cpuMicros(path, conns, r, 1)));
                }
            }
        }
        s.append(String.format(Locale.ROOT, "\nwrk, the upstream and the jar share the cores, so at 32 connections"
                + " CPU per call sets the ratio: if it alone set the pace, the gateway would serve %.0f / (%.0f + %.0f)"
                + " = %.0f%% of direct (median CPU per call, direct over jar plus upstream); wrk's own share, the"
                + " same per call on both paths, raises that a little.%n%n", directCpu, jarCpu, upstreamCpu,
                100 * directCpu / (jarCpu + upstreamCpu)));

        s.append("Event streams, raw sockets, `GET /mcp/events` with `Accept: text/event-stream` (`GatewayBench`):\n\n")
                .append("| measure | direct to the upstream | through the gateway |\n|---|---:|---:|\n");
        s.append(String.format(Locale.ROOT, "| %,d idle streams: opened in | %s ms | %s ms |\n", streams,
                in.getProperty("idle.direct.open.ms"), in.getProperty("idle.gateway.open.ms")));
        s.append(String.format(Locale.ROOT, "| still open after %s s | %s | %s |\n", in.getProperty("idle.hold"),
                in.getProperty("idle.direct.still.open"), in.getProperty("idle.gateway.still.open")));
        s.append(String.format(Locale.ROOT, "| RSS of the process in front of the client, before → highest while"
                + " held | upstream %s | jar %s |\n", mb("idle.direct"), mb("idle.gateway")));
        s.append(String.format(Locale.ROOT, "| RSS of the upstream behind the gateway, same | | %s |\n",
                mb("idle.upstream")));
        s.append(String.format(Locale.ROOT, "| %s s after their clients closed them: sockets the jar still holds"
                + " (CLOSE-WAIT) / connections open at the upstream | | %s / %s |\n",
                in.getProperty("idle.abandoned.seconds"), in.getProperty("idle.abandoned.close.wait"),
                in.getProperty("idle.abandoned.upstream.connections")));
        s.append(String.format(Locale.ROOT, "| one stream of %,d events paced at %,d/s: received | %,d | %,d |\n",
                count("events.gateway.sent"), eventRate, count("events.direct.received"),
                count("events.gateway.received")));
        s.append(String.format(Locale.ROOT, "| out of order / first to last event | %s / %s s | %s / %s s |\n",
                in.getProperty("events.direct.out.of.order"), in.getProperty("events.direct.seconds"),
                in.getProperty("events.gateway.out.of.order"), in.getProperty("events.gateway.seconds")));
        s.append(String.format(Locale.ROOT, "| events/s received | %,.0f | %,.0f |\n\n", eventRate("events.direct"),
                viaRate));
        s.append("Each event is its own flushed write upstream, so the gateway forwards 10,000 chunks a second, not a")
                .append(" few large buffers. Extra RSS is the jar's `VmRSS` sampled every second while the streams")
                .append(" are held, highest sample, minus its value just before they were opened (after 6 s idle, past")
                .append(" one native-heap trim); the heap is capped at 112 MiB, so it also counts heap the JVM had not")
                .append(" yet committed. Raw logs in `").append(in.getProperty("raw.logs", "bench/target/run-gateway"))
                .append("`. What the figures mean, and where the jar's CPU per call goes: \"The gateway\" under")
                .append(" [Profile findings](#profile-findings).\n\n");
        return s.toString();
    }

    /** Whether the run measured the gateway with a JWT access token too (a second jar, issue 18). */
    private boolean hasJwt() {
        return in.getProperty("wrk.gateway-jwt.32.r1") != null;
    }

    private static String label(String path) {
        return switch (path) {
            case "direct" -> "direct to the upstream";
            case "gateway" -> "through the gateway";
            default -> "through the gateway, JWT token";
        };
    }

        private int count(String key) {
        return Integer.parseInt(in.getProperty(key));
    }

    private long kb(String key) {
        return Long.parseLong(in.getProperty(key));
    }

    private String mb(String prefix) {
        long before = kb(prefix + ".rss.before.kb");
        long peak = kb(prefix + ".rss.peak.kb");
        return String.format(Locale.ROOT, "%d → %d MB (+%.1f)", before / 1024, peak / 1024, (peak - before) / 1024.0);
    }

    private boolean lossless(String prefix) {
        return in.getProperty(prefix + ".status").equals("200")
                && in.getProperty(prefix + ".received").equals(in.getProperty(prefix + ".sent"))
                && in.getProperty(prefix + ".out.of.order").equals("0");
    }

    /** Events a second between the first and the last arrival. */
    private double eventRate(String prefix) {
        int received = Integer.parseInt(in.getProperty(prefix + ".received"));
        double seconds = Double.parseDouble(in.getProperty(prefix + ".seconds"));
        return seconds <= 0 ? 0 : (received - 1) / seconds;
    }

    private static String verdict(boolean met) {
        return met ? "**MET**" : "**MISSED**";
    }
}
