package io.mcpdcr.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The server in a child JVM, as operators run it, so a test can really kill it (SIGKILL: no hook, no flush). */
final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final String base;

    private ServerProcess(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    /** Starts the server with {@code env} (plus the port) and waits until it is ready; its output goes to logDir. */
    static ServerProcess start(Map<String, String> env, int port, Path logDir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("server-" + port + "-" + System.nanoTime() + ".log").toFile());
        Map<String, String> withPort = new HashMap<>(env);
        withPort.put("DCR_PORT", Integer.toString(port));
        builder.environment().putAll(withPort);
        ServerProcess server = new ServerProcess(builder.start(), "http://127.0.0.1:" + port);
        server.awaitReady();
        return server;
    }

    String base() {
        return base;
    }

    /** kill -9, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/health/ready")).GET().build();
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("the server did not become ready within " + START_TIMEOUT.toSeconds() + " s");
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
