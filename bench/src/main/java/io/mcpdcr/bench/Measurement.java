package io.mcpdcr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One wrk run, as bench/run.sh records it in results.tsv (latencies in microseconds). */
record Measurement(String target, String workload, int connections, long requests, long durationMicros,
        long p50Micros, long p99Micros, long p999Micros, long non2xx, long socketErrors) {

    double throughput() {
        return durationMicros == 0 ? 0 : requests * 1_000_000.0 / durationMicros;
    }

    long errors() {
        return non2xx + socketErrors;
    }

    /** Reads every line {@code target workload conns requests duration p50 p99 p99.9 non2xx socket-errors}. */
    static List<Measurement> read(Path tsv) throws IOException {
        List<Measurement> all = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            all.add(new Measurement(f[0], f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                    Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]),
                    Long.parseLong(f[9])));
        }
        return all;
    }
}
