package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.adapters.jdbc.JdbiClientRegistry;
import io.mcpdcr.adapters.jdbc.PostgresTestDatabase;
import io.mcpdcr.domain.pkce.Pkce;
import io.mcpdcr.domain.registration.ClientId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the server in a child JVM on PostgreSQL, while clients register, a gateway call waits on a slow upstream
 * and an event stream is open: readiness turns 503 at once while the listener still serves, the stream ends cleanly at
 * the end of the drain, new connections are refused after it, the slow call still finishes with 200, every
 * registration answered 201 is in the database, the last log line is written, and the exit status is 0.
 */
class GracefulShutdownTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DRAIN = Duration.ofSeconds(3);
    private static final String VERIFIER = "graceful-shutdown-verifier-0123456789-abcdefghijklmnopqrs";
    private static final String REDIRECT = "http://127.0.0.1/callback";
    private static final String PASSWORD = "correct horse battery staple";
    /** What McpUpstream's /raw/slow takes before it answers. */
    private static final Duration SLOW_UPSTREAM = Duration.ofSeconds(4);

    @TempDir
    Path logs;

    @Test
    void drainsFinishesWhatIsInFlightFlushesAndExitsZero() throws Exception {
        try (PostgresTestDatabase postgres = PostgresTestDatabase.create();
                McpUpstream upstream = new McpUpstream(FreePort.pick()).start();
                IdleUpstream idle = new IdleUpstream()) {
            int port = FreePort.pick();
            String base = "http://127.0.0.1:" + port;
            Map<String, String> env = new HashMap<>(Map.of("DCR_DB_URL", postgres.url(), "DCR_ISSUER", base,
                    "DCR_TASKS", "off", "DCR_REGISTER_PER_IP", "off", "DCR_REGISTER_GLOBAL", "off",
                    "DCR_CLIENT_ID_METADATA_DOCUMENTS", "off", "DCR_SHUTDOWN_DRAIN", DRAIN.toSeconds() + "s",
                    "DCR_GATEWAY", "/slow=" + upstream.url("/raw") + ",/idle=" + idle.url("/idle")));
            assertThat(AdminCommand.run(new String[] {"users", "add", "alice", "--password-stdin"}, env,
                    new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)),
                    new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))).isZero();
            ServerProcess server = ServerProcess.start(env, port, logs);
            try {
                Browser browser = new Browser(base);
                String clientId = signIn(browser);
                String slowToken = token(browser, clientId, base + "/slow");
                String streamToken = token(browser, clientId, base + "/idle");

                Socket stream = new Socket("127.0.0.1", port);
                stream.getOutputStream().write(("GET /idle/after-event HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Accept: text/event-stream\r\nAuthorization: Bearer " + streamToken + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                CompletableFuture<String> streamed = CompletableFuture.supplyAsync(() -> readToEnd(stream));
                while (idle.open.get() == 0) {
                    Thread.sleep(20);
                }

                Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
                AtomicInteger refused = new AtomicInteger();
                AtomicBoolean registering = new AtomicBoolean(true);
                ExecutorService clients = Executors.newFixedThreadPool(4);
                for (int i = 0; i < 4; i++) {
                    clients.submit(() -> registerUntilRefused(base, registering, acknowledged, refused));
                }
                Thread.sleep(300);

                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                long terminated = System.nanoTime();
                server.terminate();
                HttpResponse<String> ready = awaitReadiness(http, base, 503);
                long readyFlipped = System.nanoTime();
                assertThat(ready.body()).contains("draining");
                HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(live.statusCode()).as("the listener still serves once readiness is 503").isEqualTo(200);
                assertThat(live.headers().firstValue("Connection")).as("each connection closes after its answer")
                        .contains("close");
                assertThat(millisSince(terminated, readyFlipped)).as("readiness flips at once").isLessThan(1_000);

                // Late in the drain: the slow upstream answers only after the listener has closed.
                Thread.sleep(DRAIN.toMillis() - 1_500);
                CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                        HttpRequest.newBuilder(URI.create(base + "/slow/slow"))
                                .header("Authorization", "Bearer " + slowToken).build(),
                        HttpResponse.BodyHandlers.ofString());
                Thread.sleep(200);

                String events = streamed.get(DRAIN.toMillis() + 5_000, TimeUnit.MILLISECONDS);
                long streamEnded = System.nanoTime();
                assertThat(events).as("the event forwarded before the stop").contains("data: hello");
                assertThat(events).as("the stream ends with its last chunk, not a reset").endsWith("\r\n0\r\n\r\n");
                assertThat(millisSince(terminated, streamEnded)).as("the stream ends at the end of the drain")
                        .isGreaterThanOrEqualTo(DRAIN.toMillis() - 200);

                long refusedAt = awaitConnectionRefused(port);
                assertThat(slow).as("the slow call is still in flight when new connections are refused")
                        .isNotDone();
                HttpResponse<String> slowAnswer = slow.get(20, TimeUnit.SECONDS);
                assertThat(slowAnswer.statusCode()).as("a request in flight finishes").isEqualTo(200);
                assertThat(slowAnswer.body()).contains("\"ok\":true");
                assertThat(millisSince(terminated, refusedAt)).as("connections are refused only after the drain")
                        .isGreaterThanOrEqualTo(DRAIN.toMillis());

                assertThat(server.awaitExit(Duration.ofSeconds(30))).as("exit status after SIGTERM").isZero();
                registering.set(false);
                clients.shutdown();
                assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
                assertThat(server.log()).as("the last line is flushed").contains("dcr-server stopped");

                assertThat(acknowledged).as("registrations answered 201 around the stop").hasSizeGreaterThan(10);
                try (Database db = Database.open(postgres.url(), "", "", 1)) {
                    var registry = new JdbiClientRegistry(db.jdbi());
                    assertThat(acknowledged.stream().filter(id -> registry.find(new ClientId(id)).isEmpty()).toList())
                            .as("acknowledged registrations missing after the stop").isEmpty();
                }
                System.out.printf("graceful stop: readiness 503 after %d ms, stream ended after %d ms, refused after"
                                + " %d ms, %d registrations acknowledged and kept, %d refused at connect%n",
                        millisSince(terminated, readyFlipped), millisSince(terminated, streamEnded),
                        millisSince(terminated, refusedAt), acknowledged.size(), refused.get());
            } finally {
                server.close();
            }
        }
    }

    private static long millisSince(long start, long end) {
        return (end - start) / 1_000_000;
    }

    private static HttpResponse<String> awaitReadiness(HttpClient http, String base, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (ready.statusCode() == status || System.nanoTime() > deadline) {
                assertThat(ready.statusCode()).as("/health/ready").isEqualTo(status);
                return ready;
            }
            Thread.sleep(20);
        }
    }

    /** The moment a new connection is first refused. */
    private static long awaitConnectionRefused(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            } catch (ConnectException refused) {
                return System.nanoTime();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("new connections were still accepted 10 s after the drain began");
    }

    /** Everything the server sends until it closes the connection, or up to a reset. */
    private static String readToEnd(Socket socket) {
        var received = new ByteArrayOutputStream();
        try (socket; InputStream in = socket.getInputStream()) {
            byte[] buffer = new byte[1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received.write(buffer, 0, n);
                if (received.toString(StandardCharsets.US_ASCII).endsWith("\r\n0\r\n\r\n")) {
                    break;
                }
            }
        } catch (IOException reset) {
            received.writeBytes(("\n[" + reset + "]").getBytes(StandardCharsets.US_ASCII));
        }
        return received.toString(StandardCharsets.US_ASCII);
    }

    private static Void registerUntilRefused(String base, AtomicBoolean registering, Queue<String> acknowledged,
            AtomicInteger refused) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest register = HttpRequest.newBuilder(URI.create(base + "/o/register/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_name\":\"Stopping\",\"redirect_uris\":[\""
                        + REDIRECT + "\"]}"))
                .build();
        while (registering.get()) {
            try {
                HttpResponse<String> answer = http.send(register, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 201) {
                    acknowledged.add(JSON.readTree(answer.body()).path("client_id").asText());
                }
            } catch (ConnectException stopped) {
                refused.incrementAndGet();
                return null;
            } catch (Exception other) {
                // a connection closed under a request: that request was not acknowledged
            }
        }
        return null;
    }

    /** Registers a public client and signs alice in; answers the client_id. */
    private static String signIn(Browser browser) throws Exception {
        HttpResponse<String> registered = browser.postJson("/o/register/", "{\"client_name\":\"Shutdown test\","
                + "\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}");
        assertThat(registered.statusCode()).isEqualTo(201);
        String clientId = JSON.readTree(registered.body()).path("client_id").asText();
        HttpResponse<String> loggedIn = browser.signIn(browser.get(authorize(clientId, "")), "alice", PASSWORD);
        assertThat(loggedIn.statusCode()).isEqualTo(303);
        return clientId;
    }

    /** An access token for one gateway route, by consent and code exchange. */
    private static String token(Browser browser, String clientId, String resource) throws Exception {
        HttpResponse<String> approved = browser.decide(browser.get(authorize(clientId, resource)), "approve");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(303);
        HttpResponse<String> issued = browser.postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "client_id", clientId, "code", Browser.query(approved).get("code"), "redirect_uri", REDIRECT,
                "code_verifier", VERIFIER, "resource", resource));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        return JSON.readTree(issued.body()).path("access_token").asText();
    }

    private static String authorize(String clientId, String resource) {
        return "/o/authorize/?response_type=code&client_id=" + clientId + "&redirect_uri=" + Browser.enc(REDIRECT)
                + "&state=s&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256"
                + (resource.isEmpty() ? "" : "&resource=" + Browser.enc(resource));
    }
}
