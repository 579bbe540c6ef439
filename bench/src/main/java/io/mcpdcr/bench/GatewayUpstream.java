package io.mcpdcr.bench;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The trivial MCP server the gateway scenario measures against (bench/run.sh --only gateway), on loopback and Jetty:
 * <ul>
 *   <li>{@code POST /mcp}: the official MCP Java SDK's stateless Streamable HTTP servlet with one tool, {@code echo},
 *       which answers its {@code text} argument; stateless, so every {@code tools/call} stands alone;</li>
 *   <li>{@code GET /mcp/events}: an event stream that sends one comment, so headers and a first chunk pass any proxy,
 *       and then stays idle, holding no thread (async servlet), until the client leaves;</li>
 *   <li>{@code GET /mcp/events?rate=R&count=N}: N JSON-RPC progress notifications as SSE events, paced at R a second,
 *       each flushed on its own, then the end of the stream.</li>
 *   <li>{@code GET /health}: 200 once started.</li>
 * </ul>
 * Usage: {@code GatewayUpstream PORT}.
 */
public final class GatewayUpstream {
    private GatewayUpstream() {}

    public static void main(String[] args) throws Exception {
        var transport = HttpServletStatelessServerTransport.builder().messageEndpoint("/mcp").build();
        McpStatelessSyncServer mcp = McpServer.sync(transport)
                .serverInfo("bench-upstream", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(echo())
                .build();
        var server = new Server();
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        connector.setIdleTimeout(TimeUnit.HOURS.toMillis(1)); // idle event streams are the point of one measurement
        server.addConnector(connector);
        var context = new ServletContextHandler();
        context.addServlet(new ServletHolder(transport), "/mcp");
        context.addServlet(new ServletHolder(new EventStreams()), "/mcp/events");
        context.addServlet(new ServletHolder(new Health()), "/health");
        server.setHandler(context);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mcp.closeGracefully();
            try {
                server.stop();
            } catch (Exception e) {
                // the process is ending anyway
            }
        }));
        server.join();
    }

    private static McpStatelessServerFeatures.SyncToolSpecification echo() {
        return McpStatelessServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name("echo").description("answers its text argument")
                        .inputSchema(Map.of("type", "object")).build())
                .callHandler((context, request) -> McpSchema.CallToolResult.builder()
                        .addTextContent(String.valueOf(request.arguments().get("text"))).build())
                .build();
    }

    private static final class Health extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write("up");
        }
    }

    private static final class EventStreams extends HttpServlet {
        /** Idle streams held open; kept reachable so the container never drops them. */
        private final Set<AsyncContext> idle = ConcurrentHashMap.newKeySet();

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/event-stream");
            response.setHeader("Cache-Control", "no-store");
            if (request.getParameter("rate") != null) {
                firehose(response, Integer.parseInt(request.getParameter("rate")),
                        Integer.parseInt(request.getParameter("count")));
                return;
            }
            response.getOutputStream().write(": open\n\n".getBytes(StandardCharsets.UTF_8));
            response.flushBuffer();
            AsyncContext async = request.startAsync();
            async.setTimeout(0);
            idle.add(async);
            async.addListener(new jakarta.servlet.AsyncListener() {
                @Override
                public void onComplete(jakarta.servlet.AsyncEvent event) {
                    idle.remove(async);
                }

                @Override
                public void onTimeout(jakarta.servlet.AsyncEvent event) {
                    idle.remove(async);
                }

                @Override
                public void onError(jakarta.servlet.AsyncEvent event) {
                    idle.remove(async);
                    async.complete();
                }

                @Override
                public void onStartAsync(jakarta.servlet.AsyncEvent event) {}
            });
        }

        /** Paced by catching up with the clock each millisecond; every event is its own flushed write. */
        private static void firehose(HttpServletResponse response, int rate, int count) throws IOException {
            var out = response.getOutputStream();
            long start = System.nanoTime();
            int sent = 0;
            while (sent < count) {
                long due = Math.min(count, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
                while (sent < due) {
                    sent++;
                    out.write(("id: " + sent + "\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":"
                            + "\"notifications/progress\",\"params\":{\"progressToken\":1,\"progress\":" + sent
                            + ",\"total\":" + count + "}}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                LockSupport.parkNanos(500_000);
            }
        }
    }
}
