package io.mcpdcr.adapters.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The server's part in a graceful stop, in the order the bootstrap drives it: {@link #beginDrain()} turns
 * {@code /health/ready} to 503 and closes each connection after its next answer, while everything is still served, so
 * a load balancer (which reuses connections) stops sending here without a request being cut; {@link #closeStreams()}
 * ends the gateway's open event streams cleanly; {@link #allowInFlight} then bounds how long {@code Javalin.stop()}
 * waits for requests in flight once the listener is closed (Jetty's graceful shutdown: the connector stops accepting,
 * {@link GracefulHandler} waits for what it counted).
 */
public final class GracefulStop {
    private volatile boolean draining;
    private volatile Server server;
    private final List<Runnable> streamClosers = new CopyOnWriteArrayList<>();

    public void beginDrain() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    /** Ends every open gateway event stream with its last chunk, as if its upstream had finished it. */
    public void closeStreams() {
        streamClosers.forEach(Runnable::run);
    }

    /** How long the next stop waits for requests in flight before it closes their connections anyway. */
    public void allowInFlight(Duration timeout) {
        Server started = server;
        if (started != null) {
            started.setStopTimeout(timeout.toMillis());
        }
    }

    void onCloseStreams(Runnable closer) {
        streamClosers.add(closer);
    }

    /** The outermost handler: counts requests in flight for the stop, and asks for Connection: close while draining. */
    Handler.Wrapper handler(Server server) {
        this.server = server;
        return new GracefulHandler() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (draining) {
                    response.getHeaders().put("Connection", "close");
                }
                return super.handle(request, response, callback);
            }
        };
    }
}
