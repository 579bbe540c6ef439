package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.adapters.jdbc.PostgresTestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away under load and comes back: requests answer 503 JSON within the pool's 2 s timeout, readiness
 * goes false while liveness stays true, and the service recovers without a restart.
 */
class DatabaseOutageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGISTRATION = "{\"client_name\":\"Outage\",\"redirect_uris\":[\"http://127.0.0.1/cb\"]}";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void answers503DuringAnOutageAndRecoversWithoutARestart() throws Exception {
        try (PostgresTestDatabase postgres = PostgresTestDatabase.create();
                CuttableTcpProxy proxy = new CuttableTcpProxy(URI.create(postgres.url().substring(5)).getPort())) {
            String url = postgres.url().replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port());
            int port;
            port = FreePort.pick();
            String base = "http://127.0.0.1:" + port;
            Map<String, String> env = Map.of("DCR_DB_URL", url, "DCR_PORT", Integer.toString(port), "DCR_TASKS", "off",
                    "DCR_REGISTER_PER_IP", "off", "DCR_REGISTER_GLOBAL", "off", "DCR_CLIENT_ID_METADATA_DOCUMENTS", "off");
            try (Wiring wiring = Wiring.build(Settings.from(env))) {
                wiring.start("127.0.0.1", port);
                assertThat(register(base).statusCode()).isEqualTo(201);

                proxy.cut();

                ExecutorService load = Executors.newFixedThreadPool(16);
                try {
                    List<Future<long[]>> timed = new ArrayList<>();
                    for (int i = 0; i < 32; i++) {
                        timed.add(load.submit((Callable<long[]>) () -> {
                            long started = System.nanoTime();
                            HttpResponse<String> response = register(base);
                            assertThat(JSON.readTree(response.body()).path("error").asText())
                                    .isEqualTo("temporarily_unavailable");
                            return new long[] {response.statusCode(), (System.nanoTime() - started) / 1_000_000};
                        }));
                    }
                    long live = System.nanoTime();
                    assertThat(get(base, "/health/live").statusCode()).as("no thread pool exhaustion").isEqualTo(200);
                    assertThat(Duration.ofNanos(System.nanoTime() - live)).isLessThan(Duration.ofSeconds(1));
                    for (Future<long[]> result : timed) {
                        long[] statusAndMillis = result.get();
                        assertThat(statusAndMillis[0]).isEqualTo(503);
                        assertThat(statusAndMillis[1]).as("answered within the 2 s pool timeout, plus queueing")
                                .isLessThan(2_000 * 3 + 1_000);
                    }
                } finally {
                    load.shutdownNow();
                }
                assertThat(get(base, "/health/ready").statusCode()).isEqualTo(503);

                proxy.restore();

                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                int status = 0;
                while (System.nanoTime() < deadline && status != 201) {
                    status = register(base).statusCode();
                    if (status != 201) {
                        Thread.sleep(200);
                    }
                }
                assertThat(status).as("recovered without a restart").isEqualTo(201);
                assertThat(get(base, "/health/ready").statusCode()).isEqualTo(200);
            }
        }
    }

    private HttpResponse<String> register(String base) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/o/register/"))
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(REGISTRATION))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
