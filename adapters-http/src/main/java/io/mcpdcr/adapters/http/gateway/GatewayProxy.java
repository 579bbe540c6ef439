package io.mcpdcr.adapters.http.gateway;

import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's reverse proxy with the gateway's rules: the caller's token and any identity header it forged never reach
 * the upstream; the gateway's own identity headers do. Response bodies are written chunk by chunk as they arrive, so
 * event streams pass event by event; request bodies stream too. Connecting and waiting for response headers are
 * bounded by the timeout; an open stream is not, but an idle one gets a keep-alive comment every {@link #KEEP_ALIVE},
 * so a client that left is noticed within two of them (the first write to a closed socket may still succeed).
 */
final class GatewayProxy extends ProxyHandler {
    static final String FORWARDED_USER = "X-Forwarded-User";
    static final String FORWARDED_CLIENT_ID = "X-Forwarded-Client-Id";
    static final String FORWARDED_SCOPE = "X-Forwarded-Scope";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayProxy.class);
    /**
     * Request headers never forwarded: credentials meant for this server (cookies too: the gateway shares this server's
     * origin, so they are its session), anything claiming a forwarded identity, and Host, which the client then sets
     * to the upstream's own authority (the public one goes in X-Forwarded-Host).
     */
    private static final Set<String> STRIPPED = Set.of("authorization", "proxy-authorization", "cookie", "forwarded",
            "x-real-ip", "host", GatewaySettings.SHARED_SECRET_HEADER.toLowerCase(Locale.ROOT));
    private static final String FORWARDED_PREFIX = "x-forwarded-";
    static final String STREAM_OPEN = GatewayProxy.class.getName() + ".streamOpen";
    /** How long an event stream may stay silent towards its client before it gets a keep-alive comment. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(10);

    private final Duration timeout;
    private final Optional<String> sharedSecret;
    private final URI issuer;
    private final GatewayMetrics metrics;
    /** The upstream exchanges of the event streams open now, each ended by {@link #closeStreams()}. */
    private final Set<org.eclipse.jetty.client.Request> openStreams = ConcurrentHashMap.newKeySet();

    GatewayProxy(GatewaySettings settings, String issuer, GatewayMetrics metrics) {
        this.timeout = settings.timeout();
        this.sharedSecret = settings.sharedSecret();
        this.issuer = URI.create(issuer);
        this.metrics = metrics;
        // One pool for both sides of the proxy: fewer threads to wake and switch between per forwarded call.
        setUseServerThreadPool(true);
    }

    @Override
    protected void configureHttpClient(HttpClient httpClient) {
        super.configureHttpClient(httpClient);
        httpClient.setConnectTimeout(timeout.toMillis());
        // An idle event stream stays open as long as both ends keep it; waiting for headers is bounded per request.
        httpClient.setIdleTimeout(0);
        httpClient.setMaxConnectionsPerDestination(1024);
    }

    private static ForwardedCall call(Request request) {
        return (ForwardedCall) request.getAttribute(ForwardedCall.ATTRIBUTE);
    }

    @Override
    protected HttpURI rewriteHttpURI(Request clientToProxyRequest) {
        ForwardedCall call = call(clientToProxyRequest);
        return HttpURI.build(call.resource().route().upstream())
                .path(call.upstreamPath())
                .query(clientToProxyRequest.getHttpURI().getQuery());
    }

    @Override
    protected void copyRequestHeaders(Request clientToProxyRequest,
            org.eclipse.jetty.client.Request proxyToServerRequest) {
        super.copyRequestHeaders(clientToProxyRequest, proxyToServerRequest);
        proxyToServerRequest.headers(GatewayProxy::stripForbidden);
    }

    private static void stripForbidden(HttpFields.Mutable headers) {
        for (ListIterator<HttpField> fields = headers.listIterator(); fields.hasNext(); ) {
            // Some servers read X_Forwarded_User as X-Forwarded-User: underscores count as dashes here.
            String name = fields.next().getLowerCaseName().replace('_', '-');
            if (STRIPPED.contains(name) || name.startsWith(FORWARDED_PREFIX)) {
                fields.remove();
            }
        }
    }

    /** An upstream cookie would be set on this server's origin, where its session cookie lives: never passed on. */
    @Override
    protected HttpField filterServerToProxyResponseField(HttpField serverToProxyResponseField) {
        return serverToProxyResponseField.getHeader() == HttpHeader.SET_COOKIE ? null : serverToProxyResponseField;
    }

    @Override
    protected void addProxyHeaders(Request clientToProxyRequest,
            org.eclipse.jetty.client.Request proxyToServerRequest) {
        ForwardedCall call = call(clientToProxyRequest);
        proxyToServerRequest.headers(headers -> {
            headers.put(FORWARDED_USER, call.caller().username());
            headers.put(FORWARDED_CLIENT_ID, call.caller().clientId());
            headers.put(FORWARDED_SCOPE, call.caller().scopes().toString());
            headers.put("X-Forwarded-For", call.clientAddress());
            // What the client addressed, as this server publishes it: right behind a TLS-terminating proxy too.
            headers.put("X-Forwarded-Proto", issuer.getScheme());
            headers.put("X-Forwarded-Host", issuer.getRawAuthority());
            sharedSecret.ifPresent(secret -> headers.put(GatewaySettings.SHARED_SECRET_HEADER, secret));
        });
    }

    @Override
    protected void sendProxyToServerRequest(Request clientToProxyRequest,
            org.eclipse.jetty.client.Request proxyToServerRequest, Response proxyToClientResponse,
            Callback proxyToClientCallback) {
        String route = call(clientToProxyRequest).route();
        KeepAliveResponse keepAlive = new KeepAliveResponse(clientToProxyRequest, proxyToClientResponse);
        long started = System.nanoTime();
        Scheduler.Task noHeaders = getHttpClient().getScheduler().schedule(
                () -> proxyToServerRequest.abort(new TimeoutException("no response headers in time")),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        proxyToServerRequest.onResponseHeaders(response -> {
            noHeaders.cancel();
            metrics.upstreamLatency(route, System.nanoTime() - started);
            if (isEventStream(response.getHeaders())) {
                // Closed by GatewayHandler when the exchange with the client completes, however it ends.
                metrics.streamOpened(route);
                clientToProxyRequest.setAttribute(STREAM_OPEN, Boolean.TRUE);
                openStreams.add(proxyToServerRequest);
                // The client connection's idle timeout paces the keep-alive comments.
                clientToProxyRequest.getConnectionMetaData().getConnection().getEndPoint()
                        .setIdleTimeout(KEEP_ALIVE.toMillis());
            }
        });
        proxyToServerRequest.onComplete(result -> {
            noHeaders.cancel();
            openStreams.remove(proxyToServerRequest);
        });
        // The client went away (or its connection failed): stop the upstream work it asked for.
        clientToProxyRequest.addFailureListener(proxyToServerRequest::abort);
        // An idle stream is no failure: it lasts as long as both ends keep it, which a keep-alive comment checks: if
        // writing it fails, the upstream exchange is aborted and the usual cleanup follows. Jetty asks this listener
        // only when no read or write is pending, so a client dripping its body or not reading its answer still times
        // out.
        clientToProxyRequest.addIdleTimeoutListener(idle -> {
            if (clientToProxyRequest.getAttribute(STREAM_OPEN) != null) {
                keepAlive.keepAlive(proxyToServerRequest::abort);
            }
            return false;
        });
        super.sendProxyToServerRequest(clientToProxyRequest, proxyToServerRequest, keepAlive, proxyToClientCallback);
    }

    /** Aborts each open stream's upstream exchange; the client's side then ends with its last chunk. */
    void closeStreams() {
        openStreams.forEach(stream -> stream.abort(new StreamClosedAtStop()));
    }

    /** Why a stream ended when the server stopped: not a failure, so its client sees a clean end. */
    private static final class StreamClosedAtStop extends Exception {
        StreamClosedAtStop() {
            super("the server is stopping", null, false, false);
        }
    }

    private static boolean isEventStream(HttpFields headers) {
        String type = headers.get(HttpHeader.CONTENT_TYPE);
        return type != null && MimeTypes.getBase(type).equalsIgnoreCase("text/event-stream");
    }

    /** 502 when the upstream cannot be reached or broke off, 504 when it did not answer in time; JSON either way. */
    @Override
    protected void onServerToProxyResponseFailure(Request clientToProxyRequest,
            org.eclipse.jetty.client.Request proxyToServerRequest,
            org.eclipse.jetty.client.Response serverToProxyResponse, Response proxyToClientResponse,
            Callback proxyToClientCallback, Throwable failure) {
        String route = call(clientToProxyRequest).route();
        if (proxyToClientResponse.isCommitted() && failure instanceof StreamClosedAtStop) {
            LOG.info("gateway route {}: event stream closed: the server is stopping", route);
            proxyToClientResponse.write(true, ByteBuffer.allocate(0), proxyToClientCallback);
            return;
        }
        if (proxyToClientResponse.isCommitted()) {
            LOG.info("gateway route {}: upstream stream ended by failure: {}", route, failure.toString());
            proxyToClientCallback.failed(failure);
            return;
        }
        boolean timedOut = isTimeout(failure);
        LOG.warn("gateway route {}: upstream {}: {}", route, timedOut ? "timed out" : "unreachable",
                failure.toString());
        proxyToClientResponse.reset();
        GatewayHandler.allowAnyOrigin(proxyToClientResponse);
        proxyToClientResponse.setStatus(timedOut ? 504 : 502);
        proxyToClientResponse.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        proxyToClientResponse.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        String body = timedOut
                ? "{\"error\":\"upstream_timeout\",\"error_description\":\"the MCP server did not answer in time\"}"
                : "{\"error\":\"upstream_unavailable\",\"error_description\":\"the MCP server cannot be reached\"}";
        proxyToClientResponse.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)),
                proxyToClientCallback);
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
            if (cause instanceof ConnectException) {
                return false;
            }
        }
        return false;
    }
}
