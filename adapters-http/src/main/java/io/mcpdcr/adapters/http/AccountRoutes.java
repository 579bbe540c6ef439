package io.mcpdcr.adapters.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mcpdcr.application.account.ListAllowedApplications;
import io.mcpdcr.application.account.RevokeApplication;
import io.mcpdcr.application.account.RevokeApplicationRequest;
import io.mcpdcr.application.authorization.LogIn;
import io.mcpdcr.domain.account.AllowedApplication;
import io.mcpdcr.domain.account.ApplicationRevocationPolicy;
import io.mcpdcr.domain.account.RevocationCheck;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /o/account}: any signed-in user's list of the applications they allowed, each with a "Revoke" form, and
 * sign-out. The revoke form answers 303 back to the page (post/redirect/get), which then says what happened.
 */
final class AccountRoutes {
    static final String ACCOUNT = "/o/account";
    static final String REVOKE = "/o/account/revoke";
    private static final Logger LOG = LoggerFactory.getLogger(AccountRoutes.class);
    // Only this fixed word comes back in the query: the page never echoes text a link could plant.
    private static final String REVOKED = "revoked";
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final ListAllowedApplications list;
    private final RevokeApplication revoke;
    private final LogIn logIn;
    private final Pages pages;
    private final BrowserCookies cookies;

    AccountRoutes(ListAllowedApplications list, RevokeApplication revoke, LogIn logIn, Pages pages,
            BrowserCookies cookies) {
        this.list = list;
        this.revoke = revoke;
        this.logIn = logIn;
        this.pages = pages;
        this.cookies = cookies;
    }

    void addTo(JavalinConfig config) {
        config.routes.get(ACCOUNT, this::show);
        config.routes.post(REVOKE, this::revoke);
    }

    private void show(Context ctx) {
        Optional<String> secret = cookies.session(ctx);
        Optional<String> user = secret.flatMap(logIn::sessionUser);
        if (user.isEmpty()) {
            ctx.status(303).header("Location", AuthorizationRoutes.LOGIN + "?next=" + SignInDestination.ACCOUNT.next)
                    .header("Cache-Control", "no-store");
            return;
        }
        List<Map<String, Object>> applications = list.list(user.get()).stream().map(AccountRoutes::row).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("wide", true);
        model.put("username", user.get());
        model.put("applications", applications);
        model.put("hasApplications", !applications.isEmpty());
        model.put("revoked", REVOKED.equals(ctx.queryParam("done")));
        model.put("csrfToken", SessionCsrf.ACCOUNT.token(secret.get()));
        model.put("logoutCsrfToken", SessionCsrf.LOGOUT.token(secret.get()));
        pages.render(ctx, 200, "account", "Applications you allowed", model);
    }

    private void revoke(Context ctx) {
        Optional<String> secret = cookies.session(ctx);
        Optional<String> user = secret.flatMap(logIn::sessionUser);
        if (user.isEmpty()) {
            pages.error(ctx, PageError.SESSION_EXPIRED, "Session expired",
                    "Your sign-in session ended. Open " + ACCOUNT + " and sign in again to revoke an application.");
            return;
        }
        if (!SessionCsrf.ACCOUNT.accepts(secret, ctx)) {
            pages.error(ctx, PageError.FORM_EXPIRED, "Form expired",
                    "The form expired or was not sent from this site. Reload the page and try again.");
            return;
        }
        RevocationCheck check = ApplicationRevocationPolicy.check(ctx.formParamMap());
        if (check instanceof RevocationCheck.Invalid invalid) {
            pages.error(ctx, PageError.INVALID_REQUEST, "Invalid request", invalid.description() + ".");
            return;
        }
        var request = new RevokeApplicationRequest(user.get(), ((RevocationCheck.Revoke) check).clientId(), ctx.ip());
        RevokeApplication.Outcome outcome = revoke.revoke(request);
        if (outcome instanceof RevokeApplication.Outcome.Revoked) {
            LOG.info("application revoked user={} client_id={}", request.username(), request.clientId().value());
            ctx.status(303).header("Location", ACCOUNT + "?done=" + REVOKED).header("Cache-Control", "no-store");
        } else {
            // 400, not 404: the server's 404 handler answers every 404 with the JSON of an unknown endpoint.
            pages.error(ctx, PageError.NOTHING_TO_REVOKE, "Nothing to revoke",
                    "You have not allowed this application, or its access was revoked already.");
        }
    }

    private static Map<String, Object> row(AllowedApplication app) {
        return Map.of(
                "clientId", app.clientId().value(),
                "clientName", app.clientName(),
                "hosts", String.join(", ", app.redirectHosts()),
                "scopes", List.copyOf(app.scopes().values()),
                "allowedAt", when(app.allowedAt()),
                "lastUsed", app.lastUsedAt().map(AccountRoutes::when).orElse("never"));
    }

    private static String when(Instant instant) {
        return WHEN.format(instant);
    }
}
