package io.mcpdcr.adapters.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mcpdcr.application.authorization.AuthorizationStep;
import io.mcpdcr.application.authorization.DecideConsent;
import io.mcpdcr.application.authorization.LogIn;
import io.mcpdcr.application.authorization.StartAuthorization;
import io.mcpdcr.domain.authorization.AuthorizationRequest;
import io.mcpdcr.domain.authorization.RememberedConsentPolicy;
import io.mcpdcr.domain.oauth.RequestParameters;
import io.mcpdcr.domain.registration.ClientIdMetadataDocumentPolicy;
import io.mcpdcr.domain.registration.LoopbackHost;
import io.mcpdcr.domain.token.OpaqueToken;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser side of the flow: {@code GET /o/authorize}, the login form, the consent form and sign-out. The forms
 * carry the original authorization query back, and the use cases check it again from scratch.
 */
final class AuthorizationRoutes {
    static final String AUTHORIZE = "/o/authorize";
    static final String LOGIN = "/o/login";
    static final String CONSENT = "/o/consent";
    static final String LOGOUT = "/o/logout";
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationRoutes.class);
    private static final String REQUEST_FIELD = "authorization_request";
    private static final String CONSENT_ID_FIELD = "consent_id";

    private final StartAuthorization start;
    private final DecideConsent decide;
    private final LogIn logIn;
    private final Duration sessionLifetime;
    private final Pages pages;
    private final BrowserCookies cookies;
    private final HttpMetrics metrics;
    private final UpstreamSignIn upstream;
    private final SecureRandom random = new SecureRandom();

    AuthorizationRoutes(StartAuthorization start, DecideConsent decide, LogIn logIn, Duration sessionLifetime,
            Pages pages, BrowserCookies cookies, HttpMetrics metrics, UpstreamSignIn upstream) {
        this.metrics = metrics;
        this.upstream = upstream;
        this.start = start;
        this.decide = decide;
        this.logIn = logIn;
        this.sessionLifetime = sessionLifetime;
        this.pages = pages;
        this.cookies = cookies;
    }

    void addTo(JavalinConfig config) {
        config.routes.get(AUTHORIZE, this::authorize);
        config.routes.get(LOGIN, ctx -> showLogin(ctx, 200, "", "", null,
                SignInDestination.ofPage(ctx.queryParam("next")), Optional.empty()));
        config.routes.post(LOGIN, this::login);
        config.routes.post(CONSENT, this::consent);
        config.routes.post(LOGOUT, this::logout);
    }

    private void authorize(Context ctx) {
        String query = ctx.queryString() == null ? "" : ctx.queryString();
        Optional<Map<String, List<String>>> params = QueryString.parse(query);
        if (params.isEmpty()) {
            metrics.authorization("untrusted"); // no redirect URI can be trusted from an unreadable request
            pages.error(ctx, PageError.INVALID_REQUEST, "Invalid request",
                    "The authorization request is not a well-formed URL.");
            return;
        }
        Optional<String> user = cookies.session(ctx).flatMap(logIn::sessionUser);
        AuthorizationStep step = start.start(params.get(), user, ctx.ip());
        if (step instanceof AuthorizationStep.LogInFirst first) {
            showLogin(ctx, 200, query, "", null, SignInDestination.AUTHORIZATION, Optional.of(first.redirectUri()));
        } else if (step instanceof AuthorizationStep.AskConsent ask) {
            showConsent(ctx, ask, user.orElseThrow(), query);
        } else {
            answer(ctx, step, 302);
        }
    }

    private void login(Context ctx) {
        if (refusedForRepeatedField(ctx, "sign-in")) {
            return;
        }
        if (!upstream.localForm()) {
            pages.error(ctx, PageError.NOT_ALLOWED, "Password sign-in is off",
                    "This server signs people in through their organisation's identity provider only.");
            return;
        }
        String query = ctx.formParam(REQUEST_FIELD);
        if (query == null || !QueryString.isUriText(query)) {
            pages.error(ctx, PageError.INVALID_REQUEST, "Invalid request",
                    "The sign-in form is incomplete. Start again from the application.");
            return;
        }
        if (!SessionCsrf.sameSecret(cookies.loginCsrf(ctx), ctx.formParam(SessionCsrf.FIELD))) {
            pages.error(ctx, PageError.FORM_EXPIRED, "Form expired",
                    "The sign-in form expired or was not sent from this site. Start again from the application.");
            return;
        }
        SignInDestination destination = SignInDestination.ofForm(ctx.formParam("next"));
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("");
        char[] password = Optional.ofNullable(ctx.formParam("password")).orElse("").toCharArray();
        LogIn.Outcome outcome = logIn.logIn(username, password, ctx.ip());
        if (outcome instanceof LogIn.Outcome.LoggedIn loggedIn) {
            LOG.info("login succeeded user={} ip={}", loggedIn.username(), ctx.ip());
            metrics.login("succeeded");
            cookies.setSession(ctx, loggedIn.sessionSecret(), sessionLifetime);
            ctx.status(303).header("Location", destination.location(query)).header("Cache-Control", "no-store");
        } else if (outcome instanceof LogIn.Outcome.Throttled throttled) {
            LOG.info("login throttled ip={}", ctx.ip());
            metrics.login("throttled");
            metrics.throttled("login");
            ctx.header("Retry-After", Long.toString(Math.max(1, throttled.retryAfter().toSeconds())));
            showLogin(ctx, 429, query, username, "Too many sign-in attempts. Wait a while and try again.", destination,
                    verifiedRedirectUri(query, destination, ctx.ip()));
        } else if (outcome instanceof LogIn.Outcome.Busy busy) {
            LOG.info("login busy ip={}", ctx.ip());
            metrics.login("busy");
            // 429 rather than 503: the service is fine, this moment is crowded; the same form comes back to retry.
            ctx.header("Retry-After", Long.toString(Math.max(1, busy.retryAfter().toSeconds())));
            showLogin(ctx, 429, query, username,
                    "Too many sign-ins are under way. Try again in a few seconds.", destination,
                    verifiedRedirectUri(query, destination, ctx.ip()));
        } else {
            LOG.info("login refused ip={}", ctx.ip());
            metrics.login("refused");
            showLogin(ctx, 401, query, username, "The username or password is incorrect.", destination,
                    verifiedRedirectUri(query, destination, ctx.ip()));
        }
    }

    /** Where the sign-in form may lead once it succeeds: the request's verified redirect URI, checked again. */
    private Optional<String> verifiedRedirectUri(String query, SignInDestination destination, String requester) {
        if (destination != SignInDestination.AUTHORIZATION) {
            return Optional.empty();
        }
        return QueryString.parse(query)
                .map(params -> start.start(params, Optional.empty(), requester))
                .filter(AuthorizationStep.LogInFirst.class::isInstance)
                .map(step -> ((AuthorizationStep.LogInFirst) step).redirectUri());
    }

    private void consent(Context ctx) {
        if (refusedForRepeatedField(ctx, "consent")) {
            return;
        }
        Optional<String> secret = cookies.session(ctx);
        Optional<String> user = secret.flatMap(logIn::sessionUser);
        if (user.isEmpty()) {
            pages.error(ctx, PageError.SESSION_EXPIRED, "Session expired",
                    "Your sign-in session ended. Start again from the application.");
            return;
        }
        if (!SessionCsrf.CONSENT.accepts(secret, ctx)) {
            pages.error(ctx, PageError.FORM_EXPIRED, "Form expired",
                    "The consent form expired or was not sent from this site. Start again from the application.");
            return;
        }
        String query = Optional.ofNullable(ctx.formParam(REQUEST_FIELD)).orElse("");
        Optional<Map<String, List<String>>> params = QueryString.parse(query);
        String consentId = ctx.formParam(CONSENT_ID_FIELD);
        if (params.isEmpty() || consentId == null || !QueryString.isUriText(consentId)) {
            pages.error(ctx, PageError.INVALID_REQUEST, "Invalid request", "The consent form is incomplete.");
            return;
        }
        DecideConsent.Decision decision = decision(ctx);
        LOG.info("consent decision={} user={}", decision, user.get());
        metrics.consent(decision);
        var answer = new DecideConsent.Answer(consentId, secret.get(), query);
        answer(ctx, decide.decide(answer, params.get(), user.get(), decision, ctx.ip()), 303);
    }

    /**
     * Ends the session and clears its cookie. From the consent page the form carries the authorization request, and
     * the browser goes back to it, so the next person signs in and continues.
     */
    private void logout(Context ctx) {
        if (refusedForRepeatedField(ctx, "sign-out")) {
            return;
        }
        Optional<String> secret = cookies.session(ctx);
        String query = ctx.formParam(REQUEST_FIELD);
        if (query != null && !query.isEmpty() && !QueryString.isUriText(query)) {
            pages.error(ctx, PageError.INVALID_REQUEST, "Invalid request", "The sign-out form is malformed.");
            return;
        }
        if (secret.isPresent()) {
            if (!SessionCsrf.LOGOUT.accepts(secret, ctx)) {
                pages.error(ctx, PageError.FORM_EXPIRED, "Form expired",
                        "The sign-out form expired or was not sent from this site. Reload the page and try again.");
                return;
            }
            logIn.logOut(secret.get());
            metrics.login("signed_out");
        }
        cookies.clearSession(ctx);
        if (query == null || query.isEmpty()) {
            pages.render(ctx, 200, "signed-out", "Signed out", Map.of());
            return;
        }
        // A fixed path: the request is checked from scratch there, so nothing here is trusted.
        ctx.status(303).header("Location", AUTHORIZE + "?" + query).header("Cache-Control", "no-store");
    }

    /** Our pages send each field once; a form repeating one was crafted elsewhere (RFC 6749 §3.1), so it stops here. */
    private boolean refusedForRepeatedField(Context ctx, String form) {
        boolean repeated = RequestParameters.repeated(ctx.formParamMap()).isPresent();
        if (repeated) {
            pages.error(ctx, PageError.INVALID_REQUEST, "Invalid request",
                    "The " + form + " form repeats a field. Start again from the application.");
        }
        return repeated;
    }

    private static DecideConsent.Decision decision(Context ctx) {
        if (!"approve".equals(ctx.formParam("decision"))) {
            return DecideConsent.Decision.DENY;
        }
        return "yes".equals(ctx.formParam("remember"))
                ? DecideConsent.Decision.APPROVE_AND_REMEMBER
                : DecideConsent.Decision.APPROVE;
    }

    private void answer(Context ctx, AuthorizationStep step, int redirectStatus) {
        if (step instanceof AuthorizationStep.Redirect redirect) {
            metrics.authorization(redirect.carriesError() ? "error" : "code");
            ctx.status(redirectStatus).header("Location", redirect.location()).header("Cache-Control", "no-store");
        } else if (step instanceof AuthorizationStep.ConfirmReturn confirm) {
            // Nobody signed in: an error goes back to the client only when the user clicks (RFC 9700 §4.11.2).
            LOG.info("authorization refused before sign-in error={} ip={}", confirm.error().code(), ctx.ip());
            metrics.authorization("error_shown");
            Map<String, Object> model = new HashMap<>();
            model.put("heading", "This request cannot be completed");
            model.put("message", confirm.error().description() + ".");
            model.put("code", confirm.error().code().wire());
            model.put("returnTo", confirm.location());
            model.put("returnHost", displayHost(confirm.redirectUri()));
            pages.render(ctx, ErrorStatuses.authorization(confirm.error().code()), "error",
                    "This request cannot be completed", model);
        } else if (step instanceof AuthorizationStep.ShowError error) {
            LOG.info("authorization refused without redirect error={} ip={}", error.error().code(), ctx.ip());
            metrics.authorization("untrusted");
            pages.error(ctx, ErrorStatuses.authorization(error.error().code()), "This request cannot be completed",
                    error.error().description() + ".", error.error().code().wire());
        } else if (step instanceof AuthorizationStep.TooManyRequests throttled) {
            LOG.info("authorization throttled: new metadata document client ip={}", ctx.ip());
            metrics.authorization("throttled");
            metrics.throttled("document");
            long seconds = Math.max(1, OAuthErrors.ceilSeconds(throttled.retryAfter()));
            ctx.header("Retry-After", Long.toString(seconds));
            pages.error(ctx, ErrorStatuses.THROTTLED, "Too many new applications", "Too many applications new to this server are signing "
                    + "in right now. Wait " + seconds + " seconds, then try again from the application.",
                    OAuthErrors.TOO_MANY_REQUESTS);
        } else {
            throw new IllegalStateException("unexpected step " + step);
        }
    }

    private void showLogin(Context ctx, int status, String query, String username, String message,
            SignInDestination destination,
            Optional<String> redirectUri) {
        String csrf = OpaqueToken.generate(random);
        cookies.setLoginCsrf(ctx, csrf);
        Map<String, Object> model = new HashMap<>();
        model.put("csrfToken", csrf);
        model.put("authorizationRequest", query);
        model.put("username", username);
        model.put("next", destination.next);
        model.put("toAdmin", destination == SignInDestination.ADMIN);
        model.put("toAccount", destination == SignInDestination.ACCOUNT);
        model.put("localForm", upstream.localForm());
        model.put("providers", UpstreamLoginRoutes.buttons(upstream, query, destination));
        if (message != null) {
            model.put("message", message);
        }
        pages.render(ctx, status, "login", "Sign in", model, redirectUri);
    }

    private void showConsent(Context ctx, AuthorizationStep.AskConsent ask, String username, String query) {
        AuthorizationRequest request = ask.request();
        URI redirect = URI.create(request.redirectUri());
        Map<String, Object> model = new HashMap<>();
        model.put("clientName", ask.client().metadata().clientName());
        model.put("username", logIn.displayName(username));
        model.put("redirectHost", displayHost(request.redirectUri()));
        model.put("loopback", LoopbackHost.is(redirect.getHost()));
        model.put("rememberable", RememberedConsentPolicy.mayRemember(request.redirectUri()));
        model.put("scopes", List.copyOf(request.scopes().values()));
        request.resource().ifPresent(resource -> model.put("resource", resource));
        ask.client().metadata().clientUri().ifPresent(uri -> model.put("clientUri", uri));
        if (ClientIdMetadataDocumentPolicy.isDocumentUrl(ask.client().id().value())) {
            // The document's host vouches for the client: stronger than a self-asserted registration name.
            model.put("verifiedOrigin", URI.create(ask.client().id().value()).getHost());
        }
        model.put("loopbackOnly", ask.client().metadata().redirectUris().stream()
                .allMatch(uri -> LoopbackHost.is(URI.create(uri).getHost())));
        String secret = cookies.session(ctx).orElseThrow();
        model.put("csrfToken", SessionCsrf.CONSENT.token(secret));
        model.put("consentId", decide.open(secret, query));
        model.put("logoutCsrfToken", SessionCsrf.LOGOUT.token(secret));
        model.put("authorizationRequest", query);
        pages.render(ctx, 200, "consent", "Allow access?", model, Optional.of(request.redirectUri()));
    }

    /** The host a redirect URI goes to, or its scheme for a private-use scheme. */
    private static String displayHost(String redirectUri) {
        URI redirect = URI.create(redirectUri);
        return redirect.getHost() != null ? redirect.getHost() : redirect.getScheme() + ":";
    }
}
