package io.mcpdcr.adapters.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * Open CORS for endpoints that browser-based clients (MCP Inspector) call cross-origin: any origin, no credentials,
 * so no cookie or user authority ever rides along.
 */
final class Cors {
    private static final Pattern HEADER_LIST = Pattern.compile("[A-Za-z0-9-]+(\\s*,\\s*[A-Za-z0-9-]+)*");
    private static final String DEFAULT_HEADERS = "Content-Type, Authorization, MCP-Protocol-Version";

    private Cors() {}

    /** Adds the CORS headers to every response under {@code path} and answers its preflight requests. */
    static void open(JavalinConfig config, String path, String methods) {
        config.routes.before(path, Cors::allowAnyOrigin);
        config.routes.options(path, ctx -> preflight(ctx, methods));
    }

    private static void allowAnyOrigin(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.header("Access-Control-Expose-Headers", "Retry-After, WWW-Authenticate");
    }

    private static void preflight(Context ctx, String methods) {
        String requested = ctx.header("Access-Control-Request-Headers");
        ctx.status(204)
                .header("Access-Control-Allow-Methods", methods + ", OPTIONS")
                .header("Access-Control-Allow-Headers",
                        requested != null && HEADER_LIST.matcher(requested.trim()).matches() ? requested.trim() : DEFAULT_HEADERS)
                .header("Access-Control-Max-Age", "86400");
    }
}
