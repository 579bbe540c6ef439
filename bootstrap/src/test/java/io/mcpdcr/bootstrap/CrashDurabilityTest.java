package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.adapters.jdbc.JdbiClientRegistry;
import io.mcpdcr.domain.registration.ClientId;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 while clients register on the embedded H2 default: after a restart every client_id answered 201 exists
 * and works. The server runs as a child JVM so that it can really be killed.
 */
class CrashDurabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyAcknowledgedRegistrationSurvivesKillMinusNine() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        Process server = startServer(port);
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        try {
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService load = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                load.submit(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> response = register(base);
                            if (response.statusCode() == 201) {
                                acknowledged.add(JSON.readTree(response.body()).path("client_id").asText());
                            }
                        } catch (Exception connectionLost) {
                            return null;
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(1500);
            server.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            server.waitFor(10, TimeUnit.SECONDS);
            running.set(false);
            load.shutdown();
            load.awaitTermination(10, TimeUnit.SECONDS);
        } finally {
            server.destroyForcibly();
        }
        assertThat(acknowledged).as("the load reached the server").hasSizeGreaterThan(20);

        Process restarted = startServer(port);
        try {
            Settings settings = Settings.from(env(port));
            try (Database database = Database.open(settings.dbUrl(), "", "", 1)) {
                var registry = new JdbiClientRegistry(database.jdbi());
                List<String> lost = new ArrayList<>();
                for (String id : acknowledged) {
                    if (registry.find(new ClientId(id)).isEmpty()) {
                        lost.add(id);
                    }
                }
                assertThat(lost).as("acknowledged registrations lost by the crash").isEmpty();
            }
            String last = acknowledged.stream().reduce((a, b) -> b).orElseThrow();
            HttpResponse<String> authorize = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/o/authorize/?response_type=code&client_id=" + last
                    + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(authorize.statusCode()).as("the client works after the restart").isEqualTo(200);
        } finally {
            restarted.destroyForcibly();
            restarted.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Map<String, String> env(int port) {
        return Map.of("DCR_PORT", Integer.toString(port), "DCR_DATA_DIR", dataDir.toString(),
                "DCR_REGISTER_PER_IP", "off", "DCR_REGISTER_GLOBAL", "off", "DCR_TASKS", "off",
                "DCR_CLIENT_ID_METADATA_DOCUMENTS", "off", "DCR_LOG_LEVEL", "WARN");
    }

    private Process startServer(int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(new File(dataDir.toFile(), "server-" + System.nanoTime() + ".log"));
        builder.environment().putAll(env(port));
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).GET()
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return process;
                }
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("the server did not start within 30 s");
    }

    private HttpResponse<String> register(String base) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/o/register/"))
                        .timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"client_name\":\"Crash\",\"redirect_uris\":[\"http://127.0.0.1/cb\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
