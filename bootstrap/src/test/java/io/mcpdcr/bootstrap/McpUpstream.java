package io.mcpdcr.bootstrap;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An MCP server behind the gateway, on Jetty: the official SDK's Streamable HTTP servlet at {@code /mcp} with a tool
 * that answers the {@code X-Forwarded-User} it received and a tool that streams progress before its result; and at
 * {@code /raw} a plain servlet that records every request's headers and, at {@code /raw/stream}, writes events one at
 * a time, each only when the test allows it.
 */
final class McpUpstream implements AutoCloseable {
    static final int STREAMED_EVENTS = 3;

    /** Headers of each request /raw received, names lower-cased. */
    final BlockingQueue<Map<String, List<String>>> received = new LinkedBlockingQueue<>();
    /** Events /raw/stream has started writing; it starts the next one only after a permit. */
    final BlockingQueue<Integer> written = new LinkedBlockingQueue<>();
    final Semaphore nextEvent = new Semaphore(0);
    /** Counts /raw/endless responses that ended because writing failed: the gateway dropped the connection. */
    final java.util.concurrent.atomic.AtomicInteger streamsCutOff = new java.util.concurrent.atomic.AtomicInteger();
    private final int port;
    private Server server;
    private McpSyncServer mcp;

    McpUpstream(int port) {
        this.port = port;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    McpUpstream start() throws Exception {
        var transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp")
                .contextExtractor(request -> McpTransportContext.create(Map.of("user",
                        String.valueOf(request.getHeader("X-Forwarded-User")))))
                .build();
        mcp = McpServer.sync(transport)
                .serverInfo("gateway-test-upstream", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(whoAmI(), countdown())
                .build();
        server = new Server();
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        var context = new ServletContextHandler();
        context.addServlet(new ServletHolder(transport), "/mcp/*");
        context.addServlet(new ServletHolder(new RawServlet()), "/raw/*");
        server.setHandler(context);
        server.start();
        return this;
    }

    private static McpServerFeatures.SyncToolSpecification whoAmI() {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name("whoami").description("the X-Forwarded-User received")
                        .inputSchema(Map.of("type", "object")).build())
                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                        .addTextContent((String) exchange.transportContext().get("user")).build())
                .build();
    }

    private static McpServerFeatures.SyncToolSpecification countdown() {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name("countdown").description("progress, then a result")
                        .inputSchema(Map.of("type", "object")).build())
                .callHandler((exchange, request) -> {
                    Object progressToken = request.meta() == null ? null : request.meta().get("progressToken");
                    for (int step = 1; step <= 3; step++) {
                        if (progressToken != null) {
                            exchange.progressNotification(new McpSchema.ProgressNotification(progressToken, step, 3.0,
                                    "step " + step));
                        }
                    }
                    return McpSchema.CallToolResult.builder().addTextContent("lift-off").build();
                })
                .build();
    }

    private final class RawServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : Collections.list(request.getHeaderNames())) {
                headers.put(name.toLowerCase(java.util.Locale.ROOT), Collections.list(request.getHeaders(name)));
            }
            headers.put(":path", List.of(request.getRequestURI()
                    + (request.getQueryString() == null ? "" : "?" + request.getQueryString())));
            headers.put(":body", List.of(new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));
            received.add(headers);
            response.setHeader("Mcp-Session-Id", "upstream-session-1");
            response.addHeader("Set-Cookie", "upstream=1; Path=/");
            if (request.getRequestURI().equals("/raw/slow")) {
                try {
                    Thread.sleep(4_000); // past the gateway's 2 s timeout
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (request.getRequestURI().equals("/raw/stream")) {
                stream(response);
                return;
            }
            if (request.getRequestURI().equals("/raw/endless")) {
                try {
                    endless(response);
                } catch (IOException cutOff) {
                    streamsCutOff.incrementAndGet();
                }
                return;
            }
            response.setContentType("application/json");
            response.getOutputStream().write("{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        }

        /** An event every 50 ms for at most 10 s, until writing fails. */
        private void endless(HttpServletResponse response) throws IOException {
            response.setContentType("text/event-stream");
            var out = response.getOutputStream();
            for (int event = 1; event <= 200; event++) {
                out.write(("data: {\"n\":" + event + "}\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private void stream(HttpServletResponse response) throws IOException {
            response.setContentType("text/event-stream");
            var out = response.getOutputStream();
            for (int event = 1; event <= STREAMED_EVENTS; event++) {
                written.add(event); // before the bytes leave, so a reader never sees an event not yet counted
                out.write(("id: " + event + "\nevent: message\ndata: {\"n\":" + event + "}\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    if (event < STREAMED_EVENTS && !nextEvent.tryAcquire(10, TimeUnit.SECONDS)) {
                        return; // the test gave up: end the stream
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (mcp != null) {
            mcp.closeGracefully();
        }
        if (server != null) {
            server.stop();
        }
    }
}
