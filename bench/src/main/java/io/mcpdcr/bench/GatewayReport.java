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

    private Run run(String path, int conns, int round) {
        return Run.parse(in.getProperty("wrk." + path + "." + conns + ".r" + round));
    }

    private double median(String path, int conns, boolean latency) {
        List<Double> values = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            Run run = run(path, conns, r);
            values.add(latency ? run.p50 / 1000.0 : run.rate());
        }
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
        s.append("`bench/run.sh --only gateway` (issue 16; the full `bench/run.sh` runs it too), on ")
                .append(in.getProperty("date")).append(", ").append(in.getProperty("machine")).append(". Load average")
                .append(" (1, 5, 15 min) at start / end: ").append(in.getProperty("load.start")).append(" / ")
                .append(in.getProperty("load.end")).append(". The upstream is `bench/.../GatewayUpstream.java`: the MCP")
                .append(" Java SDK ").append(in.getProperty("sdk.version")).append(" stateless Streamable HTTP servlet")
                .append(" on Jetty, on loopback, with one tool, `echo`, and an event-stream endpoint beside it")
                .append(" (`/mcp/events`). The jar runs with the bench JVM options (`").append(in.getProperty("java.opts"))
                .append("`) on H2 and `DCR_GATEWAY=/mcp=").append(in.getProperty("upstream")).append("`; its access")
                .append(" token comes from the real flow (`FlowSeeder` with `resource=<issuer>/mcp`). The upstream runs")
                .append(" with the same JVM options. *Direct* is wrk to the upstream; *gateway* is wrk to the jar's")
                .append(" `/mcp` with the bearer token, in the same run, alternately: ").append(rounds)
                .append(" rounds of ").append(in.getProperty("duration")).append(" s at 32 connections and at 1, after ")
                .append(in.getProperty("warmup")).append(" s of warm-up on each path. `bench/wrk/tools-call.lua` POSTs")
                .append(" a JSON-RPC `tools/call` and counts as an error any answer that is not a 2xx with a `result`.")
                .append(" wrk, the upstream and the jar share the machine's ").append(in.getProperty("cores"))
                .append(" cores.\n\n");

        s.append("| target | figure | verdict |\n|---|---|---|\n");
        s.append(String.format(Locale.ROOT, "| `tools/call` through the gateway ≥ 70%% of direct at 32 connections"
                + " | median of %d rounds: %,.0f/s vs %,.0f/s = %.0f%% | %s |\n", rounds, gateway32, direct32,
                ratio * 100, verdict(ratio >= MIN_THROUGHPUT_RATIO)));
        s.append(String.format(Locale.ROOT, "| Added median latency at 1 connection ≤ 1 ms | median p50 %.3f ms vs"
                + " %.3f ms = +%.3f ms | %s |\n", gateway1, direct1, added, verdict(added <= MAX_ADDED_MEDIAN_MS)));
        s.append(String.format(Locale.ROOT, "| %,d idle SSE streams through the gateway cost ≤ 64 MB of extra RSS"
                + " | %d MB → %d MB (highest of %s s held) = +%.1f MB; %s of %d still open at the end | %s |\n",
                streams, rssBefore / 1024, rssPeak / 1024, in.getProperty("idle.hold"), extraMb,
                in.getProperty("idle.gateway.still.open"), streams,
                verdict(extraMb <= MAX_EXTRA_RSS_MB && allOpen)));
        double viaRate = eventRate("events.gateway");
        boolean carried = lossless("events.gateway") && viaRate >= eventRate * MIN_EVENT_RATE_RATIO;
        s.append(String.format(Locale.ROOT, "| One SSE stream carries %,d events/s without loss | %s of %s events in"
                + " %s s = %,.0f/s, %s out of order (direct: %s in %s s = %,.0f/s) | %s |\n\n", eventRate,
                in.getProperty("events.gateway.received"), in.getProperty("events.gateway.sent"),
                in.getProperty("events.gateway.seconds"), viaRate, in.getProperty("events.gateway.out.of.order"),
                in.getProperty("events.direct.received"), in.getProperty("events.direct.seconds"),
                eventRate("events.direct"), verdict(carried)));

        s.append("| path | conns | round | req/s | p50 ms | p99 ms | p99.9 ms | errors | × direct |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int conns : new int[] {32, 1}) {
            for (int r = 1; r <= rounds; r++) {
                Run direct = run("direct", conns, r);
                for (String path : new String[] {"direct", "gateway"}) {
                    Run run = run(path, conns, r);
                    s.append(String.format(Locale.ROOT, "| %s | %d | %d | %,.0f | %.2f | %.2f | %.2f | %,d | %.2f |\n",
                            path.equals("direct") ? "direct to the upstream" : "through the gateway", conns, r,
                            run.rate(), run.p50 / 1000.0, run.p99 / 1000.0, run.p999 / 1000.0, run.errors,
                            run.rate() / direct.rate()));
                }
            }
        }
        s.append("\n");

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
        s.append(String.format(Locale.ROOT, "| one stream of %s events paced at %,d/s: received | %s | %s |\n",
                in.getProperty("events.gateway.sent"), eventRate, in.getProperty("events.direct.received"),
                in.getProperty("events.gateway.received")));
        s.append(String.format(Locale.ROOT, "| out of order / first to last event | %s / %s s | %s / %s s |\n",
                in.getProperty("events.direct.out.of.order"), in.getProperty("events.direct.seconds"),
                in.getProperty("events.gateway.out.of.order"), in.getProperty("events.gateway.seconds")));
        s.append(String.format(Locale.ROOT, "| events/s received | %,.0f | %,.0f |\n\n", eventRate("events.direct"),
                viaRate));
        s.append("Each event is its own flushed write upstream, so the gateway forwards 10,000 chunks a second, not a")
                .append(" few large buffers. Extra RSS is the jar's `VmRSS` sampled every second while the streams")
                .append(" are held, highest sample, minus its value just before they were opened (after 6 s idle, past")
                .append(" one native-heap trim); the heap is capped at 112 MiB, so it also counts heap the JVM had not")
                .append(" yet committed. Raw logs in `bench/target/run-gateway`.\n\n");
        return s.toString();
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
