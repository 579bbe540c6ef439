package io.mcpdcr.adapters.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.application.registration.RegisterClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the Javalin application: routes, client IP resolution and the one place that maps failures to JSON. */
public final class HttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(5);

    private HttpServer() {}

    /** An unstarted server; call {@code start(host, port)} on it. */
    public static Javalin create(HttpSettings settings, RegisterClient registerClient) {
        var clientIp = new ClientIpResolver(settings.trustedProxies());
        var registration = new RegistrationRoutes(registerClient, settings.maxBodyBytes());
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.contextResolver.ip = ctx -> clientIp.resolve(ctx.req());
            registration.addTo(config);
            mapFailures(config);
        });
    }

    private static void mapFailures(JavalinConfig config) {
        config.routes.exception(StoreUnavailableException.class, (e, ctx) -> {
            LOG.warn("store unavailable on {} {}: {}", ctx.method().name(), ctx.path(), e.getMessage(), e.getCause());
            OAuthErrors.retryLater(ctx, 503, OAuthErrors.TEMPORARILY_UNAVAILABLE,
                    "the service is temporarily unavailable; retry later", STORE_RETRY_AFTER);
        });
        config.routes.exception(HttpResponseException.class, (e, ctx) -> OAuthErrors.write(
                ctx, e.getStatus(), OAuthErrors.INVALID_REQUEST, "the request was refused: " + e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected failure on {} {}", ctx.method().name(), ctx.path(), e);
            OAuthErrors.write(ctx, 500, OAuthErrors.SERVER_ERROR, "the server failed to handle the request");
        });
        config.routes.error(404, HttpServer::notFound);
        config.routes.error(405, ctx -> OAuthErrors.write(
                ctx, 405, OAuthErrors.INVALID_REQUEST, "this endpoint does not accept " + ctx.method().name()));
    }

    private static void notFound(Context ctx) {
        OAuthErrors.write(ctx, 404, OAuthErrors.NOT_FOUND, "no such endpoint");
    }
}
