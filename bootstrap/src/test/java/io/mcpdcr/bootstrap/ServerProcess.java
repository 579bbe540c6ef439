package io.mcpdcr.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The server in a child JVM, as operators run it, so a test can really kill it (SIGKILL: no hook, no flush). */
final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final String base;
    private final Path log;

    private ServerProcess(Process process, String base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts the server with {@code env} (plus the port) and waits until it is ready; its output goes to logDir. */
    static ServerProcess start(Map<String, String> env, int port, Path logDir) throws Exception {
        return start(List.of(), env, port, logDir);
    }

    /** The same, with options for the child JVM such as {@code -Xmx112m}. */
    static ServerProcess start(List<String> jvmOptions, Map<String, String> env, int port, Path logDir)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        Path log = logDir.resolve("server-" + port + "-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> withPort = new HashMap<>(env);
        withPort.put("DCR_PORT", Integer.toString(port));
        builder.environment().putAll(withPort);
        ServerProcess server = new ServerProcess(builder.start(), "http://127.0.0.1:" + port, log);
        server.awaitReady();
        return server;
    }

    String base() {
        return base;
    }

    /** Everything the server wrote to standard output and standard error so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGTERM, as an orchestrator stops the server; returns at once. */
    void terminate() {
        process.destroy();
    }

    /** The exit status, once the process has ended within {@code timeout}; fails the test if it has not. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server did not exit within " + timeout.toSeconds() + " s");
        }
        return process.exitValue();
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
