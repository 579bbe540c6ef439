package io.mcpdcr.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The event-stream half of the gateway scenario (bench/run.sh --only gateway), and its report section. Each mode adds
 * its figures, under a prefix, to one properties file that bench/run.sh also writes the wrk figures into.
 *
 * <pre>
 * GatewayBench idle-streams PORT PATH TOKEN N PID HOLD_SECONDS RESULT PREFIX [PID2 PREFIX2]
 *     opens N event streams (GET, Accept: text/event-stream) over raw sockets, holds them, and reads the RSS of
 *     process PID (the jar, or the upstream for the direct baseline), and of PID2 if given, before and while they
 *     are open
 * GatewayBench firehose URL TOKEN RATE COUNT RESULT PREFIX
 *     one stream of COUNT events the upstream paces at RATE a second; counts what arrives, in order or not
 * GatewayBench section RESULT DOCS_FILE
 * </pre>
 * TOKEN "-" sends no Authorization header (straight to the upstream).
 */
public final class GatewayBench {
    static final String PROTOCOL_VERSION = "2025-06-18";
    private static final String SECTION = "## Gateway";

    private GatewayBench() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "idle-streams" -> idleStreams(Integer.parseInt(args[1]), args[2], args[3],
                    Integer.parseInt(args[4]), Integer.parseInt(args[6]), Path.of(args[7]),
                    args.length > 9 ? List.of(new Watched(Long.parseLong(args[5]), args[8]),
                            new Watched(Long.parseLong(args[9]), args[10]))
                            : List.of(new Watched(Long.parseLong(args[5]), args[8])));
            case "firehose" -> firehose(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Path.of(args[5]), args[6]);
            case "section" -> GatewayReport.write(load(Path.of(args[1])), Path.of(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** A process whose RSS is read, and the prefix of its figures. */
    private record Watched(long pid, String prefix) {}

    private static void idleStreams(int port, String path, String token, int n, int holdSeconds, Path result,
            List<Watched> watched) throws Exception {
        Thread.sleep(6_000); // past one native-heap trim (-XX:TrimNativeHeapInterval=5000): a settled baseline
        long[] before = new long[watched.size()];
        for (int w = 0; w < before.length; w++) {
            before[w] = rssKb(watched.get(w).pid());
        }
        List<Socket> streams = new ArrayList<>(n);
        int refused = 0;
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                streams.add(socket);
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nAccept: text/event-stream\r\nMCP-Protocol-Version: " + PROTOCOL_VERSION + "\r\n"
                        + (token.equals("-") ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                if (!opened(socket.getInputStream())) {
                    refused++;
                }
            }
            long openMillis = (System.nanoTime() - t0) / 1_000_000;
            long[] peak = new long[watched.size()];
            for (int s = 0; s < holdSeconds; s++) {
                Thread.sleep(1_000);
                for (int w = 0; w < peak.length; w++) {
                    peak[w] = Math.max(peak[w], rssKb(watched.get(w).pid()));
                }
            }
            int stillOpen = 0;
            for (Socket socket : streams) {
                stillOpen += isOpen(socket) ? 1 : 0;
            }
            Properties out = load(result);
            String prefix = watched.get(0).prefix();
            out.setProperty(prefix + ".streams", Integer.toString(n));
            out.setProperty(prefix + ".refused", Integer.toString(refused));
            out.setProperty(prefix + ".open.ms", Long.toString(openMillis));
            out.setProperty(prefix + ".still.open", Integer.toString(stillOpen));
            for (int w = 0; w < peak.length; w++) {
                String name = watched.get(w).prefix();
                out.setProperty(name + ".rss.before.kb", Long.toString(before[w]));
                out.setProperty(name + ".rss.peak.kb", Long.toString(peak[w]));
                System.out.printf("%s: RSS %d -> %d kB at the highest sample%n", name, before[w], peak[w]);
            }
            store(out, result);
            System.out.printf("%s: %d streams opened in %d ms (%d not answered as an event stream), %d still open"
                    + " after %d s%n", prefix, n, openMillis, refused, stillOpen, holdSeconds);
        } finally {
            for (Socket socket : streams) {
                socket.close();
            }
        }
    }

    /** True once the answer's headers say 200 and an event stream, and the upstream's opening comment arrived. */
    private static boolean opened(InputStream in) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (!seen.toString().contains(": open")) {
            int read = in.read(buffer);
            if (read < 0) {
                return false;
            }
            seen.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
        }
        String head = seen.toString().toLowerCase(java.util.Locale.ROOT);
        return head.startsWith("http/1.1 200") && head.contains("content-type: text/event-stream");
    }

    private static boolean isOpen(Socket socket) throws IOException {
        socket.setSoTimeout(1);
        try {
            return socket.getInputStream().read() >= 0; // an idle stream sends nothing: any byte still means open
        } catch (SocketTimeoutException quiet) {
            return true;
        } catch (IOException reset) {
            return false;
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    private static void firehose(String url, String token, int rate, int count, Path result, String prefix)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "?rate=" + rate + "&count=" + count))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "text/event-stream")
                .header("MCP-Protocol-Version", PROTOCOL_VERSION);
        if (!token.equals("-")) {
            request.header("Authorization", "Bearer " + token);
        }
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request.GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        int received = 0;
        int outOfOrder = 0;
        int expected = 1;
        long first = 0;
        long last = 0;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.startsWith("id: ")) {
                    continue;
                }
                last = System.nanoTime();
                if (received++ == 0) {
                    first = last;
                }
                int id = Integer.parseInt(line.substring(4));
                if (id != expected) {
                    outOfOrder++;
                }
                expected = id + 1;
            }
        }
        double seconds = (last - first) / 1e9;
        Properties out = load(result);
        out.setProperty(prefix + ".status", Integer.toString(response.statusCode()));
        out.setProperty(prefix + ".sent", Integer.toString(count));
        out.setProperty(prefix + ".received", Integer.toString(received));
        out.setProperty(prefix + ".out.of.order", Integer.toString(outOfOrder));
        out.setProperty(prefix + ".seconds", String.format(java.util.Locale.ROOT, "%.3f", seconds));
        out.setProperty(prefix + ".first.ms", Long.toString((first - sent) / 1_000_000));
        store(out, result);
        System.out.printf("%s: status %d, %d of %d events in %.3f s (%.0f/s), %d out of order%n", prefix,
                response.statusCode(), received, count, seconds, received / Math.max(seconds, 1e-9), outOfOrder);
    }

    static Properties load(Path file) throws IOException {
        var properties = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                properties.load(in);
            }
        }
        return properties;
    }

    private static void store(Properties properties, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "gateway scenario");
        }
    }
}
