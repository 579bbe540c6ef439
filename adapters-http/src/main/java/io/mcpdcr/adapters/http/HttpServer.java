package io.mcpdcr.adapters.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.mcpdcr.adapters.http.gateway.GatewayHandler;
import io.mcpdcr.adapters.http.gateway.GatewaySettings;
import io.mcpdcr.application.gateway.AuthorizeGatewayCall;
import io.mcpdcr.application.port.StoreUnavailableException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the Javalin application: routes, client IP resolution and the one place that maps failures to JSON. */
public final class HttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(5);
    private static final String HSTS = "max-age=31536000";
    /**
     * Connections the kernel holds before Jetty accepts them. Jetty's default (0) leaves the JDK's 50, which a burst of
     * a few hundred browsers opening connections at once overflowed: Linux then answers with SYN cookies, and a
     * connection whose handshake and first segment were dropped had its next one (the body) refused and was reset.
     * The client got no answer at all and nothing reached our log. Linux caps this at {@code net.core.somaxconn}.
     */
    private static final int ACCEPT_QUEUE_SIZE = 1024;

    private HttpServer() {}

    /** An unstarted server without a gateway; call {@code start(host, port)} on it. */
    /** The aud values that name this server in a client assertion: its issuer and its token endpoint. */
    public static List<String> clientAssertionAudiences(String issuer) {
        return MetadataRoutes.assertionAudiences(issuer);
    }

    public static Javalin create(HttpSettings settings, HttpUseCases useCases, Observability observability) {
        return create(settings, useCases, observability, GatewaySettings.off(), null);
    }

    /**
     * An unstarted server with the MCP gateway in front when {@code gateway} has routes.
     *
     * @param authorizeGatewayCall checks each gateway call's token; unused (may be null) when the gateway is off
     */
    public static Javalin create(HttpSettings settings, HttpUseCases useCases, Observability observability,
            GatewaySettings gateway, AuthorizeGatewayCall authorizeGatewayCall) {
        return create(settings, useCases, observability, gateway, authorizeGatewayCall,
                UpstreamSignIn.localOnly(settings.issuer()));
    }

    /** @param upstream how people sign in: the local form, upstream identity providers, or both */
    public static Javalin create(HttpSettings settings, HttpUseCases useCases, Observability observability,
            GatewaySettings gateway, AuthorizeGatewayCall authorizeGatewayCall, UpstreamSignIn upstream) {
        var clientIp = new ClientIpResolver(settings.trustedProxies());
        var pages = new Pages(settings.issuer());
        var metrics = new HttpMetrics(observability.meters());
        var operations = new OperationsRoutes(observability);
        var registration = new RegistrationRoutes(useCases.registerClient(), settings.maxBodyBytes(), metrics);
        var metadata = new MetadataRoutes(settings.issuer(), settings.scopesSupported(),
                settings.clientIdMetadataDocuments(), useCases.signingKeys().isPresent());
        var cookies = new BrowserCookies(settings.secureCookies());
        var authorization = new AuthorizationRoutes(useCases.startAuthorization(), useCases.decideConsent(),
                useCases.logIn(), settings.sessionLifetime(), pages, cookies, metrics, upstream);
        var upstreamLogin = new UpstreamLoginRoutes(upstream, settings.sessionLifetime(), pages, cookies, metrics);
        var admin = new AdminRoutes(useCases, pages, cookies);
        var account = new AccountRoutes(useCases.listAllowedApplications(), useCases.revokeApplication(),
                useCases.logIn(), pages, cookies);
        var tokens = new TokenRoutes(useCases.guardTokenEndpoints(), useCases.redeemAuthorizationCode(),
                useCases.rotateRefreshToken(), useCases.refuseIncompleteGrant(), useCases.revokeToken(),
                useCases.introspectToken(), settings.issuer(), metrics);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServer(HttpServer::deepenAcceptQueue);
            // Javalin attaches its servlet context inside the innermost of these wrappers.
            config.jetty.modifyServer(server -> {
                Handler.Wrapper outermost = observability.stop().handler(server);
                if (gateway.enabled()) {
                    var gatewayHandler = new GatewayHandler(gateway, settings.issuer(), authorizeGatewayCall,
                            observability.meters(), clientIp::resolve);
                    observability.stop().onCloseStreams(gatewayHandler::closeStreams);
                    outermost.setHandler(gatewayHandler);
                }
                server.setHandler(outermost);
            });
            if (gateway.enabled()) {
                new ProtectedResourceRoutes(settings.issuer(), settings.scopesSupported(), gateway.resources())
                        .addTo(config);
            }
            config.contextResolver.ip = ctx -> clientIp.resolve(ctx.req());
            config.routes.before(metrics::startTimer);
            if (settings.secureCookies()) {
                // An https issuer: browsers that have seen it once never try plain http again (RFC 6797).
                config.routes.before(ctx -> ctx.header("Strict-Transport-Security", HSTS));
            }
            // A form announced larger than the limit is refused before any of it is read: a client announcing
            // megabytes and sending them slowly must not hold a request thread (the registration route has its own).
            for (String form : List.of(TokenRoutes.TOKEN, TokenRoutes.REVOKE, TokenRoutes.INTROSPECT,
                    AuthorizationRoutes.LOGIN, AuthorizationRoutes.CONSENT, AuthorizationRoutes.LOGOUT,
                    AdminRoutes.CLIENT + "/*", AdminRoutes.USERS + "/*", AdminRoutes.FINDINGS + "/*",
                    AccountRoutes.REVOKE)) {
                config.routes.before(form, ctx -> refuseAnnouncedOversize(ctx, settings.maxBodyBytes()));
            }
            config.routes.after(metrics::stopTimer);
            operations.addTo(config);
            registration.addTo(config);
            metadata.addTo(config);
            useCases.signingKeys().ifPresent(keys -> new JwksRoutes(keys).addTo(config));
            authorization.addTo(config);
            if (upstream.hasProviders()) {
                upstreamLogin.addTo(config);
            }
            tokens.addTo(config);
            admin.addTo(config);
            account.addTo(config);
            config.routes.get("/o/assets/style.css", HttpServer::stylesheet);
            mapFailures(config, pages);
        });
    }

    /** Javalin adds its connector just before the server starts, so the backlog is set then, before it binds. */
    private static void deepenAcceptQueue(Server server) {
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                for (Connector connector : server.getConnectors()) {
                    if (connector instanceof ServerConnector network) {
                        network.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
                    }
                }
            }
        });
    }

    private static void stylesheet(Context ctx) throws IOException {
        try (InputStream css = HttpServer.class.getResourceAsStream("/assets/style.css")) {
            ctx.contentType("text/css; charset=utf-8").header("Cache-Control", "public, max-age=86400")
                    .result(css.readAllBytes());
        }
    }

    /** Browser pages get HTML errors; everything else gets OAuth JSON errors. */
    private static boolean isPage(Context ctx) {
        String path = ctx.path();
        return path.startsWith(AuthorizationRoutes.AUTHORIZE) || path.startsWith(AuthorizationRoutes.LOGIN)
                || path.startsWith(AuthorizationRoutes.CONSENT) || path.startsWith(AuthorizationRoutes.LOGOUT)
                || path.startsWith(AdminRoutes.ADMIN) || path.startsWith(AccountRoutes.ACCOUNT);
    }

    private static void mapFailures(JavalinConfig config, Pages pages) {
        config.routes.exception(StoreUnavailableException.class, (e, ctx) -> {
            // One line per failed request, not a stack trace each: an outage would bury the log.
            LOG.warn("store unavailable on {} {}: {} ({})", ctx.method().name(), ctx.path(), e.getMessage(),
                    e.getCause() == null ? "no cause" : e.getCause().getMessage());
            if (isPage(ctx)) {
                ctx.header("Retry-After", Long.toString(STORE_RETRY_AFTER.toSeconds()));
                pages.error(ctx, PageError.UNAVAILABLE, "Temporarily unavailable",
                        "The service cannot complete this now. Try again in a moment.");
                return;
            }
            OAuthErrors.retryLater(ctx, 503, OAuthErrors.TEMPORARILY_UNAVAILABLE,
                    "the service is temporarily unavailable; retry later", STORE_RETRY_AFTER);
        });
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (isPage(ctx)) {
                pages.error(ctx, e.getStatus(), "Request refused", "The server refused this request.", null);
                return;
            }
            OAuthErrors.write(ctx, e.getStatus(), OAuthErrors.INVALID_REQUEST, "the request was refused: " + e.getMessage());
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            if (bodyCutShort(e)) {
                // The client stopped sending or went away mid-body: its fault, and nothing was read or stored.
                LOG.info("request body cut short on {} {}", ctx.method().name(), ctx.path());
                OAuthErrors.write(ctx, 400, OAuthErrors.INVALID_REQUEST, "the request body ended early");
                return;
            }
            LOG.error("unexpected failure on {} {}", ctx.method().name(), ctx.path(), e);
            if (isPage(ctx)) {
                pages.error(ctx, PageError.SERVER_FAILURE, "Something went wrong",
                        "The server failed to handle this request.");
                return;
            }
            OAuthErrors.write(ctx, 500, OAuthErrors.SERVER_ERROR, "the server failed to handle the request");
        });
        config.routes.error(404, HttpServer::notFound);
        config.routes.error(405, ctx -> OAuthErrors.write(
                ctx, 405, OAuthErrors.INVALID_REQUEST, "this endpoint does not accept " + ctx.method().name()));
    }

    private static void refuseAnnouncedOversize(Context ctx, int maxBodyBytes) {
        if (ctx.contentLength() > maxBodyBytes) {
            throw new HttpResponseException(413, "the request body must be at most " + maxBodyBytes + " bytes");
        }
    }

    /** Whether reading the body failed because it ended early or stalled past the idle timeout. */
    private static boolean bodyCutShort(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EOFException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** No route matched; a route that answered 404 with a page of its own ("No such client") keeps that page. */
    private static void notFound(Context ctx) {
        String written = ctx.res().getContentType();
        if (written != null && written.startsWith("text/html")) {
            return;
        }
        OAuthErrors.write(ctx, 404, OAuthErrors.NOT_FOUND, "no such endpoint");
    }
}
