package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.application.gateway.GatewayTokenCache;
import io.mcpdcr.domain.pkce.Pkce;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MCP gateway in the wired jar, over real sockets, with tokens from a real flow: discovery, the exact challenges,
 * the official Java SDK client calling tools of an SDK server through it, what reaches the upstream, streaming event
 * by event, revocation and upstream failures. Subclasses pick the database.
 */
abstract class GatewayContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-long-enough-verifier";
    private static final String REDIRECT = "http://127.0.0.1:48123/callback";
    private static final String SHARED_SECRET = "upstream-shared-secret-0123456789";
    /** The gateway's keep-alive interval on idle event streams. */
    private static final int KEEP_ALIVE_MS = 10_000;
    /** The stated bound: two keep-alive intervals (the first write to a closed socket may succeed), plus slack. */
    private static final int IDLE_STREAM_RELEASED_MS = 2 * KEEP_ALIVE_MS + 5_000;

    private Wiring wiring;
    private McpUpstream upstream;
    private IdleUpstream idleUpstream;
    private int upstreamPort;
    private Browser browser;
    private String base;
    private int port;
    private String clientId;
    private boolean signedIn;
    private Map<String, String> env;
    /** One user per test: the PostgreSQL suites share a schema across a class's tests. */
    private final String username = "alice-" + java.util.UUID.randomUUID().toString().substring(0, 8);

    /** The environment that selects this subclass's database. */
    abstract Map<String, String> databaseEnv();

    @BeforeEach
    void start() throws Exception {
        upstreamPort = FreePort.pick();
        upstream = new McpUpstream(upstreamPort).start();
        idleUpstream = new IdleUpstream();
        port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        env = new HashMap<>(databaseEnv());
        env.put("DCR_PORT", Integer.toString(port));
        env.put("DCR_ISSUER", base);
        env.put("DCR_SCOPES", "mcp repo");
        env.put("DCR_GATEWAY", "/mcp=" + upstream.url("/mcp") + ",/github=" + upstream.url("/raw")
                + ",/idle=" + idleUpstream.url("/idle"));
        env.put("DCR_GATEWAY_SCOPES", "/github=repo");
        env.put("DCR_GATEWAY_TIMEOUT", "2s");
        env.put("DCR_GATEWAY_SHARED_SECRET", SHARED_SECRET);
        env.put("DCR_METRICS", "public");
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", port);
        browser = new Browser(base);
        assertThat(AdminCommand.run(new String[] {"users", "add", username, "--password-stdin"}, env,
                new ByteArrayInputStream("correct horse battery staple\n".getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        wiring.close();
        upstream.close();
        idleUpstream.close();
    }

    @Test
    void eachRoutePublishesItsProtectedResourceMetadataWithOpenCors() throws Exception {
        HttpResponse<String> mcp = browser.get("/.well-known/oauth-protected-resource/mcp");
        assertThat(mcp.statusCode()).isEqualTo(200);
        assertThat(mcp.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        JsonNode metadata = JSON.readTree(mcp.body());
        assertThat(metadata.path("resource").asText()).isEqualTo(base + "/mcp");
        assertThat(metadata.path("authorization_servers").toString()).isEqualTo("[\"" + base + "\"]");
        assertThat(metadata.path("scopes_supported").toString()).isEqualTo("[\"mcp\",\"repo\"]");
        assertThat(metadata.path("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");

        JsonNode github = JSON.readTree(browser.get("/.well-known/oauth-protected-resource/github").body());
        assertThat(github.path("resource").asText()).isEqualTo(base + "/github");
        assertThat(github.path("scopes_supported").toString()).isEqualTo("[\"repo\"]");
        assertThat(browser.get("/.well-known/oauth-protected-resource/other").statusCode()).isEqualTo(404);
    }

    @Test
    void challengesSayWhereToGetATokenAndWhatIsWrongWithTheOneSent() throws Exception {
        Raw none = raw("GET /mcp HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n");
        assertThat(none.status).isEqualTo(401);
        assertThat(none.header("www-authenticate"))
                .isEqualTo("Bearer resource_metadata=\"" + base + "/.well-known/oauth-protected-resource/mcp\"");
        assertThat(JSON.readTree(none.body).path("error").asText()).isEqualTo("invalid_request");

        Raw noneWithScope = raw("POST /github HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertThat(noneWithScope.header("www-authenticate")).isEqualTo("Bearer resource_metadata=\"" + base
                + "/.well-known/oauth-protected-resource/github\", scope=\"repo\"");

        for (String bad : List.of("Bearer not-a-token-we-issued", "Bearer", "Bearer a b", "bearer \"quoted\"")) {
            Raw invalid = raw("GET /mcp HTTP/1.1\r\nHost: x\r\nAuthorization: " + bad + "\r\nConnection: close\r\n\r\n");
            assertThat(invalid.status).as(bad).isEqualTo(401);
            assertThat(invalid.header("www-authenticate")).as(bad).isEqualTo("Bearer resource_metadata=\"" + base
                    + "/.well-known/oauth-protected-resource/mcp\", error=\"invalid_token\"");
            assertThat(JSON.readTree(invalid.body).path("error").asText()).isEqualTo("invalid_token");
        }
        for (String query : List.of("access_token=abc", "x=1&access_token=abc", "access%5Ftoken=abc")) {
            Raw inQuery = raw("GET /mcp?" + query + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(inQuery.status).as(query).isEqualTo(400);
            assertThat(JSON.readTree(inQuery.body).path("error").asText()).isEqualTo("invalid_request");
        }
        assertThat(upstream.received).as("nothing refused reached the upstream").isEmpty();
    }

    @Test
    void pathTricksAndAmbiguousCredentialsNeverSlipPastTheCheck() throws Exception {
        String mcp = token(base + "/mcp", "mcp");

        Raw dotDot = raw("GET /mcp/../.well-known/oauth-authorization-server HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(dotDot.status).as("normalized first: not a gateway path, so no challenge").isNotEqualTo(401);
        for (String path : List.of("/mcpx", "/MCP", "/mc")) {
            Raw other = raw(get(path, mcp));
            assertThat(other.status).as(path).isEqualTo(404);
        }
        Raw twoHeaders = raw("GET /mcp HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + mcp
                + "\r\nAuthorization: Bearer forged\r\nConnection: close\r\n\r\n");
        assertThat(twoHeaders.status).isEqualTo(401);
        assertThat(twoHeaders.header("www-authenticate")).contains("error=\"invalid_token\"");
        Raw basic = raw("GET /mcp HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + mcp + "\r\nConnection: close\r\n\r\n");
        assertThat(basic.status).isEqualTo(401);
        assertThat(basic.header("www-authenticate")).doesNotContain("error=");
        assertThat(upstream.received).as("the /raw upstream saw none of them").isEmpty();

        Raw lowerCaseScheme = raw("GET /mcp HTTP/1.1\r\nHost: x\r\nAuthorization: bearer " + mcp
                + "\r\nConnection: close\r\n\r\n");
        assertThat(lowerCaseScheme.status).as("the scheme is case-insensitive").isNotIn(401, 403);
    }

    @Test
    void aTokenIsGoodOnlyForItsOwnRouteAndWithItsRequiredScopes() throws Exception {
        String github = token(base + "/github", "mcp repo");
        String githubWithoutRepo = token(base + "/github", "mcp");
        String mcp = token(base + "/mcp", "mcp");
        String noAudience = token(null, "mcp repo");

        Raw elsewhere = raw(get("/mcp", github));
        assertThat(elsewhere.status).isEqualTo(401);
        assertThat(elsewhere.header("www-authenticate")).contains("error=\"invalid_token\"");
        assertThat(raw(get("/github", mcp)).status).isEqualTo(401);
        assertThat(raw(get("/github", noAudience)).status).as("a token without audience is for no route").isEqualTo(401);

        Raw insufficient = raw(get("/github", githubWithoutRepo));
        assertThat(insufficient.status).isEqualTo(403);
        assertThat(insufficient.header("www-authenticate")).isEqualTo("Bearer error=\"insufficient_scope\", scope=\"repo\","
                + " resource_metadata=\"" + base + "/.well-known/oauth-protected-resource/github\"");
        assertThat(JSON.readTree(insufficient.body).path("error").asText()).isEqualTo("insufficient_scope");
        assertThat(upstream.received).isEmpty();

        assertThat(raw(get("/github", github)).status).isEqualTo(200);
        Raw tokenInQueryToo = raw("GET /github?access_token=" + github + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + github + "\r\nConnection: close\r\n\r\n");
        assertThat(tokenInQueryToo.status).as("a token in the query would reach the upstream").isEqualTo(400);
    }

    @Test
    void theSdkClientCallsToolsOfAnSdkServerThroughTheGateway() throws Exception {
        String token = token(base + "/mcp", "mcp");
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        var transport = HttpClientStreamableHttpTransport.builder(base)
                .endpoint("/mcp")
                .httpRequestCustomizer((request, method, uri, body, context) ->
                        request.header("Authorization", "Bearer " + token))
                .build();
        try (var client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10))
                .progressConsumer(progress::add).build()) {
            client.initialize();
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("whoami", "countdown");

            McpSchema.CallToolResult whoami = client.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
            assertThat(((McpSchema.TextContent) whoami.content().get(0)).text()).isEqualTo(username);

            McpSchema.CallToolResult countdown = client.callTool(McpSchema.CallToolRequest.builder("countdown")
                    .arguments(Map.of()).meta(Map.of("progressToken", "t-1")).build());
            assertThat(((McpSchema.TextContent) countdown.content().get(0)).text()).isEqualTo("lift-off");
            // The SDK client hands notifications to the consumer asynchronously, possibly after the result.
            for (int waited = 0; progress.size() < 3 && waited < 5_000; waited += 20) {
                Thread.sleep(20);
            }
            assertThat(progress).extracting(McpSchema.ProgressNotification::progress)
                    .containsExactlyInAnyOrder(1.0, 2.0, 3.0);
        }
    }

    @Test
    void theUpstreamSeesTheGatewaysIdentityHeadersAndNeverTheTokenOrForgedOnes() throws Exception {
        String token = token(base + "/github", "mcp repo");
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
        Raw answer = raw("POST /github/tools?page=2 HTTP/1.1\r\nHost: gateway.test\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "X-Forwarded-User: mallory\r\nx-forwarded-user: root\r\nX-Forwarded-Client-Id: forged\r\n"
                + "X-Forwarded-Scope: admin\r\nX-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Host: evil.test\r\n"
                + "X-Forwarded-Proto: gopher\r\nForwarded: for=203.0.113.9\r\nX-Gateway-Secret: guessed\r\n"
                + "Cookie: session=stolen\r\nX_Forwarded_User: root\r\nConnection: close, X-Forwarded-User\r\n"
                + "Mcp-Session-Id: session-abc\r\nMCP-Protocol-Version: 2025-06-18\r\nLast-Event-ID: 41\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body);
        assertThat(answer.status).isEqualTo(200);
        assertThat(answer.header("mcp-session-id")).isEqualTo("upstream-session-1");
        assertThat(answer.headers()).as("no upstream cookie on this server's origin").doesNotContainKey("set-cookie");
        assertThat(answer.body).isEqualTo("{\"ok\":true}");

        Map<String, List<String>> seen = upstream.received.poll(5, TimeUnit.SECONDS);
        assertThat(seen).isNotNull().doesNotContainKeys("authorization", "cookie", "forwarded", "x_forwarded_user");
        assertThat(seen.get("x-forwarded-user")).containsExactly(username);
        assertThat(seen.get("x-forwarded-client-id")).containsExactly(clientId);
        assertThat(seen.get("x-forwarded-scope")).containsExactly("mcp repo");
        assertThat(seen.get("x-forwarded-for")).containsExactly("127.0.0.1");
        assertThat(seen.get("x-forwarded-host")).containsExactly("127.0.0.1:" + port);
        assertThat(seen.get("host")).containsExactly("127.0.0.1:" + upstreamPort);
        assertThat(seen.get("x-forwarded-proto")).containsExactly("http");
        assertThat(seen.get("x-gateway-secret")).containsExactly(SHARED_SECRET);
        assertThat(seen.get("mcp-session-id")).containsExactly("session-abc");
        assertThat(seen.get("mcp-protocol-version")).containsExactly("2025-06-18");
        assertThat(seen.get("last-event-id")).containsExactly("41");
        assertThat(seen.get(":path")).containsExactly("/raw/tools?page=2");
        assertThat(seen.get(":body")).containsExactly(body);
        assertThat(String.join("\n", seen.values().stream().flatMap(List::stream).toList())).doesNotContain(token);
    }

    @Test
    void eventsArriveWhileTheUpstreamIsStillProducingThem() throws Exception {
        String token = token(base + "/github", "mcp repo");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /github/stream HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            String head = readUntil(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/event-stream");
            for (int event = 1; event <= McpUpstream.STREAMED_EVENTS; event++) {
                assertThat(readUntil(in, "data: {\"n\":" + event + "}")).isNotNull();
                assertThat(List.copyOf(upstream.written)).as("event %d arrived before the upstream wrote the next", event)
                        .hasSize(event);
                upstream.nextEvent.release();
            }
        }
    }

    @Test
    void aClientThatGoesAwayCancelsTheUpstreamRequest() throws Exception {
        String token = token(base + "/github", "mcp repo");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /github/endless HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            readUntil(socket.getInputStream(), "data: {\"n\":2}");
            assertThat(metric("dcr_gateway_open_streams{route=\"/github\"}")).isEqualTo(1.0);
        }
        // Events written after the client left fail to reach it: the gateway aborts the upstream exchange, and the
        // upstream's writes fail in turn, seconds before its 10 s stream would have ended.
        for (int waited = 0; upstream.streamsCutOff.get() == 0 && waited < 5_000; waited += 20) {
            Thread.sleep(20);
        }
        assertThat(upstream.streamsCutOff.get()).as("the upstream's stream was cut off").isEqualTo(1);
        for (int waited = 0; metric("dcr_gateway_open_streams{route=\"/github\"}") != 0.0 && waited < 5_000; waited += 20) {
            Thread.sleep(20);
        }
        assertThat(metric("dcr_gateway_open_streams{route=\"/github\"}")).isEqualTo(0.0);
    }

    @Test
    void anAbandonedIdleStreamIsReleasedWithinTwoKeepAliveIntervals() throws Exception {
        String token = token(base + "/idle", "mcp");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(idleStream("/idle/silent", token));
            await(() -> idleUpstream.open.get() == 1, 5_000);
            assertThat(metric("dcr_gateway_open_streams{route=\"/idle\"}")).isEqualTo(1.0);
        }
        // Nothing flows either way, yet the gateway notices the client left and ends the upstream request.
        await(() -> idleUpstream.ended.get() == 1, IDLE_STREAM_RELEASED_MS);
        assertThat(idleUpstream.ended.get()).as("the upstream saw its request end").isEqualTo(1);
        await(() -> metric("dcr_gateway_open_streams{route=\"/idle\"}") == 0.0, 2_000);
        assertThat(metric("dcr_gateway_open_streams{route=\"/idle\"}")).isEqualTo(0.0);
    }

    @Test
    void aLiveIdleStreamStaysOpenAndGetsOnlyKeepAliveCommentsBetweenEvents() throws Exception {
        String token = token(base + "/idle", "mcp");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(idleStream("/idle/after-event", token));
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(10_000);
            assertThat(readUntil(in, "\r\n\r\n")).startsWith("HTTP/1.1 200")
                    .containsIgnoringCase("transfer-encoding: chunked");
            assertThat(readChunk(in)).isEqualTo("data: hello\n\n");
            StringBuilder after = new StringBuilder();
            long until = System.currentTimeMillis() + IDLE_STREAM_RELEASED_MS;
            while (System.currentTimeMillis() < until) {
                socket.setSoTimeout((int) Math.max(1, until - System.currentTimeMillis()));
                try {
                    after.append(readChunk(in));
                } catch (java.net.SocketTimeoutException quietUntilTheEnd) {
                    break;
                }
            }
            assertThat(after.toString()).as("only keep-alive comments, each a whole SSE comment line")
                    .matches("(: keep-alive\n\n){2,}");
            assertThat(idleUpstream.ended.get()).as("the upstream request is still open").isZero();
            assertThat(metric("dcr_gateway_open_streams{route=\"/idle\"}")).isEqualTo(1.0);
        }
    }

    @Test
    void anEventEndedWithCrLfLinesIsAnEventBoundaryToo() throws Exception {
        String token = token(base + "/idle", "mcp");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(idleStream("/idle/after-crlf-event", token));
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(KEEP_ALIVE_MS + 5_000);
            readUntil(in, "\r\n\r\n");
            assertThat(readChunk(in)).isEqualTo("event: hello\r\ndata: crlf\r\n\r\n");
            assertThat(readChunk(in)).isEqualTo(": keep-alive\n\n");
        }
    }

    @Test
    void aKeepAliveCommentNeverSplitsAnEventTheUpstreamHasHalfSent() throws Exception {
        String token = token(base + "/idle", "mcp");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(idleStream("/idle/mid-event", token));
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(10_000);
            readUntil(in, "\r\n\r\n");
            assertThat(readChunk(in)).isEqualTo("data: half");
            // Past a keep-alive interval: a comment here would become part of the upstream's event.
            socket.setSoTimeout(KEEP_ALIVE_MS + 3_000);
            assertThatThrownBy(() -> readChunk(in)).isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void callsAreCountedPerRouteAndStatusWithTheUpstreamLatency() throws Exception {
        String token = token(base + "/github", "mcp repo");
        raw("GET /mcp HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        raw("GET /mcp HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer unknown\r\nConnection: close\r\n\r\n");
        raw(get("/github", token));
        raw(get("/github", token));

        assertThat(metric("dcr_gateway_requests_total{route=\"/mcp\",status=\"401\"}")).isEqualTo(2.0);
        assertThat(metric("dcr_gateway_requests_total{route=\"/github\",status=\"200\"}")).isEqualTo(2.0);
        assertThat(metric("dcr_gateway_refused_total{reason=\"no_token\",route=\"/mcp\"}")).isEqualTo(1.0);
        assertThat(metric("dcr_gateway_refused_total{reason=\"unknown\",route=\"/mcp\"}")).isEqualTo(1.0);
        assertThat(metric("dcr_gateway_upstream_latency_seconds_count{route=\"/github\"}")).isEqualTo(2.0);
    }

    /** One sample of the Prometheus text at /metrics, by its exact series name and labels. */
    private double metric(String series) throws Exception {
        String body = browser.get("/metrics").body();
        return body.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " not in /metrics"));
    }

    @Test
    void refusedTokensReachTheAuditTrailAsHourlyCountsNotOnePerCall() throws Exception {
        String mcp = token(base + "/mcp", "mcp");
        for (int i = 0; i < 3; i++) {
            raw(get("/mcp", "never-issued-" + i));
        }
        raw(get("/github", mcp));
        raw("GET /mcp HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(raw(get("/mcp", mcp)).status).as("forwarded: the SDK server's own answer").isNotIn(401, 403);

        wiring.close(); // flushes the tally; the next start serves the remaining assertions and the clean-up
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", port);

        String dump = DatabaseDump.of(Settings.from(env));
        String counts = dump.substring(dump.toLowerCase(java.util.Locale.ROOT).indexOf("-- gateway_refusal_count"));
        counts = counts.substring(0, counts.indexOf("\n--") < 0 ? counts.length() : counts.indexOf("\n--"));
        assertThat(refusals(counts, "/mcp", "unknown")).isGreaterThanOrEqualTo(3);
        assertThat(refusals(counts, "/github", "wrong_audience")).isGreaterThanOrEqualTo(1);
        assertThat(counts).as("a missing token is no refused token").doesNotContain("no_token");
        assertThat(dump).as("refusals are never stored per call, nor the tokens").doesNotContain("never-issued");
    }

    /** The count in a dumped row "hour | route | reason | refusals"; 0 when there is none. */
    private static long refusals(String dumpedRows, String route, String reason) {
        return dumpedRows.lines().map(line -> line.split(" \\| "))
                .filter(cells -> cells.length == 4 && cells[1].equals(route) && cells[2].equals(reason))
                .mapToLong(cells -> Long.parseLong(cells[3].trim())).sum();
    }

    @Test
    void revocationTakesEffectOnTheNextRequest() throws Exception {
        Map<String, String> tokens = tokens(base + "/github", "mcp repo");
        String access = tokens.get("access_token");
        assertThat(raw(get("/github", access)).status).as("the gateway now holds the token in its cache").isEqualTo(200);

        assertThat(browser.postForm("/o/revoke/", Map.of("client_id", clientId, "token", access)).statusCode())
                .isEqualTo(200);

        Raw revoked = raw(get("/github", access));
        assertThat(revoked.status).isEqualTo(401);
        assertThat(revoked.header("www-authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void aReplayedRefreshTokenRevokesItsFamilyAtTheGatewayOnTheNextRequest() throws Exception {
        Map<String, String> tokens = tokens(base + "/github", "mcp repo");
        String access = tokens.get("access_token");
        assertThat(raw(get("/github", access)).status).isEqualTo(200);
        Map<String, String> refresh = Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", tokens.get("refresh_token"));
        assertThat(browser.postForm("/o/token/", refresh).statusCode()).isEqualTo(200);

        assertThat(browser.postForm("/o/token/", refresh).statusCode()).as("a replay").isEqualTo(400);

        assertThat(raw(get("/github", access)).status).isEqualTo(401);
    }

    @Test
    void aClientDisabledByAnAdminCommandIsRefusedWithinTheStalenessBound() throws Exception {
        String access = token(base + "/github", "mcp repo");
        assertThat(raw(get("/github", access)).status).isEqualTo(200);

        // Its own process and database connection, like another instance: the gateway's cache never hears of it.
        assertThat(AdminCommand.run(new String[] {"clients", "disable", clientId}, env, InputStream.nullInputStream(),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))).isZero();
        long disabled = System.nanoTime();
        await(() -> raw(get("/github", access)).status == 401, GatewayTokenCache.STALENESS_BOUND.toMillis() + 1_000);

        assertThat(raw(get("/github", access)).status).isEqualTo(401);
        assertThat(Duration.ofNanos(System.nanoTime() - disabled))
                .isLessThanOrEqualTo(GatewayTokenCache.STALENESS_BOUND.plusSeconds(1));
    }

    @Test
    void anExpiredTokenIsRefusedFromItsExpiryOnThoughTheGatewayHoldsItInItsCache() throws Exception {
        wiring.close();
        env.put("DCR_ACCESS_TOKEN_TTL", "3s");
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", port);
        String access = token(base + "/github", "mcp repo");
        // Issued before this point, so expired by three seconds after it.
        long expired = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        assertThat(raw(get("/github", access)).status).isEqualTo(200);

        // Called all along, the token never leaves the cache for more than a lookup.
        while (System.nanoTime() < expired) {
            raw(get("/github", access));
            Thread.sleep(100);
        }

        Raw refused = raw(get("/github", access));
        assertThat(refused.status).isEqualTo(401);
        assertThat(refused.header("www-authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void anUpstreamThatIsDownIs502AndTheGatewayRecoversWhenItIsBack() throws Exception {
        String token = token(base + "/github", "mcp repo");
        upstream.close();

        Raw down = raw(get("/github", token));
        assertThat(down.status).isEqualTo(502);
        assertThat(down.header("content-type")).startsWith("application/json");
        assertThat(JSON.readTree(down.body).path("error").asText()).isEqualTo("upstream_unavailable");

        upstream = new McpUpstream(upstreamPort).start();
        idleUpstream = new IdleUpstream();
        assertThat(raw(get("/github", token)).status).isEqualTo(200);
    }

    @Test
    void anUpstreamThatDoesNotAnswerInTimeIs504() throws Exception {
        String token = token(base + "/github", "mcp repo");
        Raw slow = raw(get("/github/slow", token));
        assertThat(slow.status).isEqualTo(504);
        assertThat(JSON.readTree(slow.body).path("error").asText()).isEqualTo("upstream_timeout");
    }

    private static String get(String path, String token) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n";
    }

    /** An access token from the real flow: register once, sign in once, then consent and exchange a code. */
    private String token(String resource, String scope) throws Exception {
        return tokens(resource, scope).get("access_token");
    }

    private Map<String, String> tokens(String resource, String scope) throws Exception {
        if (clientId == null) {
            HttpResponse<String> registered = browser.postJson("/o/register/", "{\"client_name\":\"Gateway test\","
                    + "\"redirect_uris\":[\"http://127.0.0.1/callback\"],\"token_endpoint_auth_method\":\"none\"}");
            assertThat(registered.statusCode()).isEqualTo(201);
            clientId = JSON.readTree(registered.body()).path("client_id").asText();
        }
        String authorize = "/o/authorize/?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + Browser.enc(REDIRECT) + "&state=s&scope=" + Browser.enc(scope)
                + (resource == null ? "" : "&resource=" + Browser.enc(resource))
                + "&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256";
        HttpResponse<String> page = browser.get(authorize);
        if (!signedIn) {
            HttpResponse<String> loggedIn = browser.signIn(page, username, "correct horse battery staple");
            assertThat(loggedIn.statusCode()).isEqualTo(303);
            page = browser.get(loggedIn.headers().firstValue("Location").orElseThrow());
            signedIn = true;
        }
        HttpResponse<String> approved = browser.decide(page, "approve");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(303);
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", Browser.query(approved).get("code"), "redirect_uri", REDIRECT, "code_verifier", VERIFIER));
        if (resource != null) {
            form.put("resource", resource);
        }
        HttpResponse<String> issued = browser.postForm("/o/token/", form);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(issued.body());
        return Map.of("access_token", json.path("access_token").asText(),
                "refresh_token", json.path("refresh_token").asText());
    }

    /** A response read off a socket: status, headers by lower-case name, body (de-chunked). */
    private record Raw(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private Raw raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String[] lines = response.substring(0, end).split("\r\n");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (a, b) -> a + "\n" + b);
            }
            String body = response.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static byte[] idleStream(String path, String token) {
        return ("GET " + path + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Reads one chunk of a chunked body: its data. Jetty sends a chunk's closing CRLF ahead of the next chunk. */
    private static String readChunk(InputStream in) throws IOException {
        String size = readUntil(in, "\r\n").trim();
        if (size.isEmpty()) {
            size = readUntil(in, "\r\n").trim();
        }
        return new String(in.readNBytes(Integer.parseInt(size, 16)), StandardCharsets.UTF_8);
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, long millis) throws Exception {
        for (long waited = 0; !condition.holds() && waited < millis; waited += 50) {
            Thread.sleep(50);
        }
    }

    /** Reads until {@code marker} has been seen; what was read so far. */
    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("stream ended before " + marker + ": " + seen.toString(StandardCharsets.UTF_8));
            }
            seen.write(b);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }
}
