package io.mcpdcr.adapters.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mcpdcr.application.authorization.CompleteUpstreamSignIn;
import io.mcpdcr.application.authorization.StartUpstreamSignIn;
import io.mcpdcr.application.port.UpstreamProvider;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in through an upstream provider: {@code GET /o/login/<provider>/start} sends the browser there with a cookie
 * binding the sign-in to it, and {@code GET /o/login/<provider>/callback} completes it, continuing where the sign-in
 * form would have: back to the authorization request, so our own consent page is still shown per MCP client.
 */
final class UpstreamLoginRoutes {
    static final String PREFIX = "/o/login/";
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamLoginRoutes.class);
    /** What {@code upstream_transaction.return_to} holds; an authorization request is far shorter. */
    private static final int MAX_RETURN_TO = 8000;

    private final UpstreamSignIn upstream;
    private final Duration sessionLifetime;
    private final Pages pages;
    private final BrowserCookies cookies;
    private final HttpMetrics metrics;

    UpstreamLoginRoutes(UpstreamSignIn upstream, Duration sessionLifetime, Pages pages, BrowserCookies cookies,
            HttpMetrics metrics) {
        this.upstream = upstream;
        this.sessionLifetime = sessionLifetime;
        this.pages = pages;
        this.cookies = cookies;
        this.metrics = metrics;
    }

    void addTo(JavalinConfig config) {
        config.routes.get(PREFIX + "{provider}/start", this::start);
        config.routes.get(PREFIX + "{provider}/callback", this::callback);
    }

    /** The sign-in page's buttons: each provider's name and start link, carrying the request to continue with. */
    static List<Map<String, Object>> buttons(UpstreamSignIn upstream, String query, SignInDestination destination) {
        return upstream.providers().all().stream().map(provider -> {
            String href = PREFIX + provider.id() + "/start?authorization_request="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8)
                    + (destination.next.isEmpty() ? "" : "&next=" + destination.next);
            return Map.<String, Object>of("name", provider.displayName(), "href", href);
        }).toList();
    }

    private void start(Context ctx) {
        String provider = ctx.pathParam("provider");
        String query = Optional.ofNullable(ctx.queryParam("authorization_request")).orElse("");
        if (ctx.queryParams("authorization_request").size() > 1 || query.length() > MAX_RETURN_TO
                || !QueryString.isUriText(query)) {
            pages.error(ctx, PageError.INVALID_REQUEST, "Invalid request",
                    "The sign-in link is malformed. Start again from the application.");
            return;
        }
        SignInDestination destination = SignInDestination.ofForm(ctx.queryParam("next"));
        StartUpstreamSignIn.Outcome outcome = upstream.start().start(provider, query, destination.next, ctx.ip());
        if (outcome instanceof StartUpstreamSignIn.Outcome.Redirect redirect) {
            metrics.login("upstream_started");
            cookies.setUpstreamBinding(ctx, redirect.browserSecret());
            ctx.status(303).header("Location", redirect.location().toString()).header("Cache-Control", "no-store");
        } else if (outcome instanceof StartUpstreamSignIn.Outcome.Throttled throttled) {
            metrics.throttled("login");
            ctx.header("Retry-After", Long.toString(Math.max(1, OAuthErrors.ceilSeconds(throttled.retryAfter()))));
            pages.error(ctx, ErrorStatuses.THROTTLED, "Too many sign-in attempts",
                    "Too many sign-in attempts came from your network. Wait a while and try again.",
                    OAuthErrors.TOO_MANY_REQUESTS);
        } else if (outcome instanceof StartUpstreamSignIn.Outcome.Crowded) {
            ctx.header("Retry-After", "60");
            pages.error(ctx, PageError.UNAVAILABLE, "Temporarily unavailable",
                    "Too many sign-ins are under way right now. Try again in a minute.");
        } else if (outcome instanceof StartUpstreamSignIn.Outcome.ProviderDown) {
            LOG.warn("upstream sign-in not started: provider {} unreachable", provider);
            pages.error(ctx, PageError.PROVIDER_UNAVAILABLE, "Sign-in provider unavailable",
                    name(provider) + " cannot be reached right now. Try again in a few minutes.");
        } else {
            pages.error(ctx, PageError.INVALID_REQUEST, "Unknown sign-in provider",
                    "This server does not offer sign-in with \"" + provider + "\".");
        }
    }

    private void callback(Context ctx) {
        String provider = ctx.pathParam("provider");
        Map<String, List<String>> params = QueryString.parse(ctx.queryString() == null ? "" : ctx.queryString())
                .orElse(Map.of());
        CompleteUpstreamSignIn.Outcome outcome = upstream.complete().complete(provider, params,
                cookies.upstreamBinding(ctx), ctx.ip());
        cookies.clearUpstreamBinding(ctx);
        if (outcome instanceof CompleteUpstreamSignIn.Outcome.SignedIn signedIn) {
            LOG.info("upstream sign-in succeeded provider={} user={} ip={}", provider, signedIn.username(), ctx.ip());
            metrics.login("upstream_succeeded");
            cookies.setSession(ctx, signedIn.sessionSecret(), sessionLifetime);
            String location = SignInDestination.ofForm(signedIn.destination()).location(signedIn.returnTo());
            ctx.status(303).header("Location", location).header("Cache-Control", "no-store");
        } else if (outcome instanceof CompleteUpstreamSignIn.Outcome.Refused refused) {
            LOG.info("upstream sign-in refused by the allow rules provider={} ip={}", provider, ctx.ip());
            metrics.login("upstream_refused");
            pages.error(ctx, PageError.SIGN_IN_REFUSED, "Sign-in refused", refused.explanation()
                    + " Ask the administrator of this service if you believe you should have access.");
        } else {
            var failed = (CompleteUpstreamSignIn.Outcome.Failed) outcome;
            LOG.info("upstream sign-in failed provider={} failure={} ip={}", provider, failed.failure().wire(),
                    ctx.ip());
            metrics.login("upstream_failed");
            failurePage(ctx, provider, failed);
        }
    }

    private void failurePage(Context ctx, String provider, CompleteUpstreamSignIn.Outcome.Failed failed) {
        String again = " Start again from the application.";
        switch (failed.failure()) {
            case UNKNOWN_PROVIDER -> pages.error(ctx, PageError.INVALID_REQUEST, "Unknown sign-in provider",
                    "This server does not offer sign-in with \"" + provider + "\".");
            case REPLAYED -> pages.error(ctx, PageError.SIGN_IN_INTERRUPTED, "Sign-in link already used",
                    "This sign-in was completed or abandoned already, and each one works once." + again);
            case EXPIRED -> pages.error(ctx, PageError.SIGN_IN_INTERRUPTED, "Sign-in expired",
                    "This sign-in took longer than ten minutes, or was started long ago." + again);
            case UNKNOWN_STATE, OTHER_BROWSER, INVALID_CALLBACK -> pages.error(ctx, PageError.SIGN_IN_INTERRUPTED,
                    "Sign-in not recognised", "This sign-in was not started in this browser, or the link was altered."
                            + again);
            case PROVIDER_ERROR -> pages.error(ctx, ErrorStatuses.page(PageError.SIGN_IN_INTERRUPTED),
                    "Sign-in not completed", name(provider) + " did not sign you in"
                            + (failed.providerError().filter("access_denied"::equals).isPresent()
                                    ? ": access was denied." : ".") + again,
                    failed.providerError().orElse(null));
            case PROVIDER_DOWN -> pages.error(ctx, PageError.PROVIDER_UNAVAILABLE, "Sign-in provider unavailable",
                    name(provider) + " cannot be reached right now. Try again in a few minutes.");
            case ANSWER_REJECTED -> pages.error(ctx, PageError.PROVIDER_UNAVAILABLE, "Sign-in not completed",
                    "The answer from " + name(provider) + " could not be verified, so you were not signed in."
                            + again);
        }
    }

    private String name(String provider) {
        return upstream.providers().find(provider).map(UpstreamProvider::displayName).orElse("The provider");
    }
}
