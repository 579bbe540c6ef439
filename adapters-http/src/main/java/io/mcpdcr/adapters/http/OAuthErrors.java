package io.mcpdcr.adapters.http;

import io.javalin.http.Context;
import io.mcpdcr.domain.oauth.OAuthError;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes RFC 6749 §5.2 / RFC 7591 §3.2.2 error bodies: {@code {"error","error_description"}}, never cached. */
final class OAuthErrors {
    static final String TOO_MANY_REQUESTS = "too_many_requests";
    static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";
    static final String SERVER_ERROR = "server_error";
    static final String INVALID_REQUEST = "invalid_request";
    static final String NOT_FOUND = "not_found";

    private OAuthErrors() {}

    static void write(Context ctx, int status, OAuthError error) {
        write(ctx, status, error.code().wire(), error.description());
    }

    static void write(Context ctx, int status, String error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        ctx.status(status).header("Cache-Control", "no-store");
        Json.write(ctx, body);
    }

    static void retryLater(Context ctx, int status, String error, String description, Duration retryAfter) {
        ctx.header("Retry-After", Long.toString(Math.max(1, ceilSeconds(retryAfter))));
        write(ctx, status, error, description);
    }

    /** Whole seconds, rounded up: a Retry-After that is a little early would be refused again. */
    static long ceilSeconds(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }
}
