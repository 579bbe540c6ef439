package io.mcpdcr.adapters.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;

/**
 * The server's part in a graceful stop, in the order the bootstrap drives it: {@link #beginDrain()} turns
 * {@code /health/ready} to 503 and closes each connection after its next answer, while everything is still served, so
 * a load balancer (which reuses connections) stops sending here without a request being cut; {@link #closeStreams()}
 * ends the gateway's open event streams cleanly; {@link #allowInFlight} then bounds how long {@code Javalin.stop()}
 * waits for requests in flight once the listener is closed (Jetty's graceful shutdown: the connector stops accepting,
 * and {@link InFlight} is done when the last request has ended).
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
        return new InFlight();
    }

    /**
     * Jetty's own GracefulHandler answers 503 to any request it sees once the stop has begun; but a request on a
     * connection accepted just before the listener closed may reach it only then, on a busy server, and a load
     * balancer does not retry a POST it has sent. So this one serves every request that arrives and only waits.
     */
    private final class InFlight extends Handler.Wrapper implements Graceful {
        private final AtomicLong requests = new AtomicLong();
        private final Graceful.Shutdown shutdown = new Graceful.Shutdown(this) {
            @Override
            public boolean isShutdownDone() {
                return requests.get() == 0;
            }
        };

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Handler next = getHandler();
            if (next == null) {
                return false;
            }
            if (draining || shutdown.isShutdown()) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            requests.incrementAndGet();
            boolean handled = false;
            try {
                handled = next.handle(request, response, Callback.from(callback, this::ended));
                return handled;
            } finally {
                if (!handled) {
                    ended();
                }
            }
        }

        private void ended() {
            if (requests.decrementAndGet() == 0) {
                shutdown.check();
            }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return shutdown.shutdown();
        }

        @Override
        public boolean isShutdown() {
            return shutdown.isShutdown();
        }
    }
}
