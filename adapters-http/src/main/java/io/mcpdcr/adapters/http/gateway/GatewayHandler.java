package io.mcpdcr.adapters.http.gateway;

import io.mcpdcr.application.gateway.AuthorizeGatewayCall;
import io.mcpdcr.application.gateway.GatewayOutcome;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.gateway.BearerChallenge;
import io.mcpdcr.domain.gateway.BearerToken;
import io.mcpdcr.domain.gateway.ProtectedResource;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP gateway, in front of the application: a request under a route path is checked here (token, audience,
 * scopes, through {@link AuthorizeGatewayCall}) and then forwarded by {@link GatewayProxy}, or answered with an RFC 6750
 * challenge. Every other request goes on to the authorization server.
 */
public final class GatewayHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
    /** Browser clients (MCP Inspector) call cross-origin: any origin, never credentials. */
    private static final String EXPOSED = "WWW-Authenticate, Mcp-Session-Id, MCP-Protocol-Version, Retry-After";
    private static final String ALLOWED_HEADERS =
            "Authorization, Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID";

    private final List<ProtectedResource> resources;
    private final AuthorizeGatewayCall authorize;
    private final GatewayMetrics metrics;
    private final GatewayProxy proxy;
    private final BiFunction<String, List<String>, String> clientAddress;

    /**
     * @param clientAddress the client address from the socket peer and the X-Forwarded-For values, by the same rule
     *     as the rest of the server (trusted proxies only)
     */
    public GatewayHandler(GatewaySettings settings, String issuer, AuthorizeGatewayCall authorize,
            MeterRegistry meters, BiFunction<String, List<String>, String> clientAddress) {
        this.resources = settings.resources();
        this.authorize = authorize;
        this.metrics = new GatewayMetrics(meters);
        this.proxy = new GatewayProxy(settings, issuer, metrics);
        this.clientAddress = clientAddress;
        addBean(proxy, true);
    }

    @Override
    protected void doStart() throws Exception {
        proxy.setServer(getServer());
        super.doStart();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getCanonicalPath();
        Optional<ProtectedResource> matched = path == null ? Optional.empty()
                : resources.stream().filter(resource -> resource.route().serves(path)).findFirst();
        if (matched.isEmpty()) {
            return super.handle(request, response, callback);
        }
        ProtectedResource resource = matched.get();
        String route = resource.route().path();
        Callback counted = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                exchangeEnded(request, route, response.getStatus());
                super.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                exchangeEnded(request, route, response.getStatus());
                super.failed(failure);
            }
        };
        allowAnyOrigin(response);
        if (HttpMethod.OPTIONS.is(request.getMethod())) {
            preflight(response, counted);
            return true;
        }
        if (BearerToken.isInQuery(request.getHttpURI().getQuery())) {
            // Forwarding the query would hand the token to the upstream.
            metrics.refused(route, "query_token");
            json(response, counted, 400, "invalid_request", "send the access token in the Authorization header only");
            return true;
        }
        BearerToken bearer = bearer(request);
        GatewayOutcome outcome;
        try {
            outcome = authorize.authorize(resource, bearer);
        } catch (StoreUnavailableException e) {
            LOG.warn("gateway route {}: store unavailable: {}", route, e.getMessage());
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            json(response, counted, 503, "temporarily_unavailable", "the service is temporarily unavailable; retry later");
            return true;
        }
        if (outcome instanceof GatewayOutcome.Allowed allowed) {
            String address = clientAddress.apply(Request.getRemoteAddr(request),
                    request.getHeaders().getValuesList("X-Forwarded-For"));
            String upstreamPath = resource.route().upstream().getRawPath()
                    + URIUtil.encodePath(resource.route().remainder(path));
            request.setAttribute(ForwardedCall.ATTRIBUTE, new ForwardedCall(resource, upstreamPath, allowed, address));
            return proxy.handle(request, response, counted);
        }
        if (outcome instanceof GatewayOutcome.InvalidToken invalid) {
            metrics.refused(route, invalid.reason().name().toLowerCase(Locale.ROOT));
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, BearerChallenge.invalidToken(resource));
            json(response, counted, 401, BearerChallenge.INVALID_TOKEN,
                    "the access token is unknown, expired, revoked or not issued for this resource");
        } else if (outcome instanceof GatewayOutcome.InsufficientScope insufficient) {
            metrics.refused(route, "insufficient_scope");
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, BearerChallenge.insufficientScope(resource));
            json(response, counted, 403, BearerChallenge.INSUFFICIENT_SCOPE,
                    "the access token lacks a scope this resource requires: " + insufficient.required());
        } else {
            metrics.refused(route, "no_token");
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, BearerChallenge.noToken(resource));
            json(response, counted, 401, "invalid_request", "a bearer token is required");
        }
        return true;
    }

    /** Ends every open event stream cleanly, for a graceful stop: clients see a finished stream, not a reset. */
    public void closeStreams() {
        proxy.closeStreams();
    }

    private void exchangeEnded(Request request, String route, int status) {
        metrics.request(route, status);
        if (request.getAttribute(GatewayProxy.STREAM_OPEN) != null) {
            metrics.streamClosed(route);
        }
    }

    /** More than one Authorization header is ambiguous: it counts as a malformed token, never the first one wins. */
    private static BearerToken bearer(Request request) {
        List<String> values = request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION);
        if (values.size() > 1) {
            return new BearerToken.Malformed();
        }
        return BearerToken.from(values.stream().findFirst());
    }

    /** On every gateway answer, the gateway's own and the upstream's (which may set its own CORS headers). */
    static void allowAnyOrigin(Response response) {
        response.getHeaders().put("Access-Control-Allow-Origin", "*");
        response.getHeaders().put("Access-Control-Expose-Headers", EXPOSED);
    }

    private static void preflight(Response response, Callback callback) {
        response.setStatus(204);
        response.getHeaders().put("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
        response.getHeaders().put("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        response.getHeaders().put("Access-Control-Max-Age", "86400");
        callback.succeeded();
    }

    /** Small fixed bodies: error codes and descriptions are constants or scope tokens, never request text. */
    private static void json(Response response, Callback callback, int status, String error, String description) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        String body = "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}";
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
