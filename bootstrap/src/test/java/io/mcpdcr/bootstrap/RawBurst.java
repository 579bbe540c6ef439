package io.mcpdcr.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Requests released at once, each on a new connection over a raw socket, as a flood sends them. */
final class RawBurst {
    private RawBurst() {}

    /** A form POST to {@code path} on 127.0.0.1, as bytes ready to write. */
    static byte[] form(String path, String body) {
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body).getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends request {@code i} for each i below {@code count}, all at once; answers each status line, counted. */
    static Map<String, Integer> statuses(int port, int count, IntFunction<byte[]> request) throws Exception {
        return segmentedStatuses(port, count, i -> List.of(request.apply(i)));
    }

    /**
     * As {@link #statuses}, each request written as the given segments, one TCP segment each (as browsers send head and
     * body apart): a connection the kernel half-accepted fails on the second.
     */
    static Map<String, Integer> segmentedStatuses(int port, int count, IntFunction<List<byte[]>> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                List<byte[]> segments = request.apply(i);
                sent.add(pool.submit(() -> {
                    start.await();
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                        socket.setSoTimeout(30_000);
                        socket.setTcpNoDelay(true);
                        for (byte[] segment : segments) {
                            socket.getOutputStream().write(segment);
                        }
                        String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                                StandardCharsets.US_ASCII)).readLine();
                        return status == null ? "closed without an answer" // the status code, not the phrase
                                : status.substring(0, Math.min(status.length(), "HTTP/1.1 200".length()));
                    } catch (IOException e) {
                        return "no answer: " + e.getMessage();
                    }
                }));
            }
            start.countDown();
            Map<String, Integer> answers = new TreeMap<>();
            for (Future<String> answer : sent) {
                answers.merge(answer.get(), 1, Integer::sum);
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
