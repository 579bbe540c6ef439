package io.mcpdcr.adapters.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mcpdcr.application.registration.RegisterClient;
import io.mcpdcr.application.registration.RegistrationOutcome;
import io.mcpdcr.application.registration.RegistrationRequest;
import io.mcpdcr.application.registration.SubmittedMetadata;
import io.mcpdcr.application.registration.SubmittedMetadata.BodyProblem;
import io.mcpdcr.domain.registration.RegistrationSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /o/register/} (RFC 7591 §3): translates HTTP to {@link RegisterClient} and back; holds no rules. */
final class RegistrationRoutes {
    static final String PATH = "/o/register";
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationRoutes.class);

    private final RegisterClient registerClient;
    private final int maxBodyBytes;
    private final HttpMetrics metrics;

    RegistrationRoutes(RegisterClient registerClient, int maxBodyBytes, HttpMetrics metrics) {
        this.registerClient = registerClient;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
    }

    void addTo(JavalinConfig config) {
        Cors.open(config, PATH, "POST");
        config.routes.post(PATH, this::register);
    }

    private void register(Context ctx) {
        var source = new RegistrationSource(ctx.ip(), Optional.ofNullable(ctx.header("User-Agent")));
        RegistrationOutcome outcome = registerClient.register(new RegistrationRequest(read(ctx), source));
        if (outcome instanceof RegistrationOutcome.Registered registered) {
            LOG.info("client registered client_id={} ip={}", registered.client().id(), source.address());
            metrics.registration("created", Optional.empty());
            ctx.status(201).header("Cache-Control", "no-store").header("Pragma", "no-cache");
            Json.write(ctx, RegistrationJson.of(registered.client()));
        } else if (outcome instanceof RegistrationOutcome.Rejected rejected) {
            LOG.info("registration refused error={} ip={}", rejected.error().code(), source.address());
            metrics.registration("refused", Optional.of(rejected.error().code().wire()));
            OAuthErrors.write(ctx, ErrorStatuses.registration(rejected.error().code()), rejected.error());
        } else if (outcome instanceof RegistrationOutcome.Unreadable unreadable) {
            LOG.info("registration refused error=unreadable_body problem={} ip={}", unreadable.problem(), source.address());
            metrics.registration("unreadable", Optional.of("invalid_client_metadata"));
            OAuthErrors.write(ctx, statusOf(unreadable.problem()), "invalid_client_metadata", unreadable.description());
        } else {
            var throttled = (RegistrationOutcome.Throttled) outcome;
            LOG.info("registration throttled limit={} ip={}", throttled.limit(), source.address());
            metrics.registration("throttled", Optional.empty());
            metrics.throttled(throttled.limit());
            OAuthErrors.retryLater(ctx, ErrorStatuses.THROTTLED, OAuthErrors.TOO_MANY_REQUESTS,
                    "too many registration requests; retry later", throttled.retryAfter());
        }
    }

    private SubmittedMetadata read(Context ctx) {
        if (!isJson(ctx.header("Content-Type"))) {
            return new SubmittedMetadata.Unreadable(BodyProblem.UNSUPPORTED_MEDIA_TYPE,
                    "the request body must be JSON sent as Content-Type: application/json");
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) {
            return tooLarge();
        }
        try {
            byte[] body = readAtMost(ctx.req().getInputStream(), maxBodyBytes);
            if (body == null) {
                return tooLarge();
            }
            return new SubmittedMetadata.Members(Json.readObject(body));
        } catch (Json.UnreadableJson e) {
            return new SubmittedMetadata.Unreadable(BodyProblem.MALFORMED, e.getMessage());
        } catch (IOException e) {
            return new SubmittedMetadata.Unreadable(BodyProblem.MALFORMED, "the request body could not be read");
        }
    }

    private SubmittedMetadata tooLarge() {
        return new SubmittedMetadata.Unreadable(BodyProblem.TOO_LARGE,
                "the request body must be at most " + maxBodyBytes + " bytes");
    }

    /** The body, or null when it is longer than {@code max}; chunked bodies are cut off as they arrive. */
    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] body = in.readNBytes(max + 1);
        return body.length > max ? null : body;
    }

    /** {@code application/json}, with a UTF-8 charset if any (RFC 8259 §11 defines none). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";", -1);
        if (!parts[0].trim().equals("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].trim().split("=", 2);
            if (parameter[0].trim().equals("charset")
                    && (parameter.length < 2 || !parameter[1].trim().replace("\"", "").equals("utf-8"))) {
                return false;
            }
        }
        return true;
    }

    private static int statusOf(BodyProblem problem) {
        switch (problem) {
            case TOO_LARGE:
                return 413;
            case UNSUPPORTED_MEDIA_TYPE:
                return 415;
            default:
                return 400;
        }
    }
}
