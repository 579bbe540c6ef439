package io.mcpdcr.adapters.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mcpdcr.application.token.GuardTokenEndpoints;
import io.mcpdcr.application.token.IntrospectToken;
import io.mcpdcr.application.token.RedeemAuthorizationCode;
import io.mcpdcr.application.token.RefuseIncompleteGrant;
import io.mcpdcr.application.token.RevokeToken;
import io.mcpdcr.application.token.RotateRefreshToken;
import io.mcpdcr.application.token.TokenOutcome;
import io.mcpdcr.application.token.TokenResponse;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.oauth.OAuthErrorCode;
import io.mcpdcr.domain.oauth.OAuthParameterNames;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.CodeGrant;
import io.mcpdcr.domain.token.IntrospectionRequest;
import io.mcpdcr.domain.token.Parsed;
import io.mcpdcr.domain.token.RefreshGrant;
import io.mcpdcr.domain.token.RevocationRequest;
import io.mcpdcr.domain.token.TokenError;
import io.mcpdcr.domain.token.TokenRequestCheck;
import io.mcpdcr.domain.token.TokenRequestPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The back channel: token (RFC 6749 §3.2), revocation (RFC 7009) and introspection (RFC 7662) endpoints. Every
 * request to the token and revocation endpoints spends a permit of its address first; introspection by an
 * authenticated resource server does not (its volume is its traffic), but every refused introspection does. Each
 * refusal is counted in aggregate through {@link GuardTokenEndpoints}, never stored as a row of its own. The routes
 * only read the form and the Authorization header: the domain checks them ({@link TokenRequestPolicy},
 * {@link RevocationRequest}, {@link IntrospectionRequest}) and a use case acts on the typed request.
 */
final class TokenRoutes {
    static final String TOKEN = "/o/token";
    static final String REVOKE = "/o/revoke";
    static final String INTROSPECT = "/o/introspect";
    private static final Logger LOG = LoggerFactory.getLogger(TokenRoutes.class);

    private final GuardTokenEndpoints guard;
    private final RedeemAuthorizationCode redeemAuthorizationCode;
    private final RotateRefreshToken rotateRefreshToken;
    private final RefuseIncompleteGrant refuseIncompleteGrant;
    private final RevokeToken revokeToken;
    private final IntrospectToken introspectToken;
    private final String issuer;
    private final HttpMetrics metrics;

    TokenRoutes(GuardTokenEndpoints guard, RedeemAuthorizationCode redeemAuthorizationCode,
            RotateRefreshToken rotateRefreshToken, RefuseIncompleteGrant refuseIncompleteGrant, RevokeToken revokeToken,
            IntrospectToken introspectToken, String issuer, HttpMetrics metrics) {
        this.guard = guard;
        this.metrics = metrics;
        this.redeemAuthorizationCode = redeemAuthorizationCode;
        this.rotateRefreshToken = rotateRefreshToken;
        this.refuseIncompleteGrant = refuseIncompleteGrant;
        this.revokeToken = revokeToken;
        this.introspectToken = introspectToken;
        this.issuer = issuer;
    }

    void addTo(JavalinConfig config) {
        Cors.open(config, TOKEN, "POST");
        Cors.open(config, REVOKE, "POST");
        config.routes.post(TOKEN, this::token);
        config.routes.post(REVOKE, this::revoke);
        config.routes.post(INTROSPECT, this::introspect);
    }

    private void token(Context ctx) {
        if (throttled(ctx)) {
            metrics.token(HttpMetrics.OTHER, "throttled", Optional.empty());
            return;
        }
        Form parsed = form(ctx);
        if (parsed instanceof Form.Refused refused) {
            metrics.token(HttpMetrics.OTHER, "refused", Optional.of(refused.error().code().wire()));
            refuse(ctx, AuditAction.TOKEN, refused.error());
            return;
        }
        Map<String, List<String>> form = ((Form.Parsed) parsed).values();
        String grantType = form.getOrDefault(OAuthParameterNames.GRANT_TYPE, List.of("")).get(0);
        TokenRequestCheck check = TokenRequestPolicy.check(form, authorization(ctx));
        TokenOutcome outcome;
        if (check instanceof CodeGrant code) {
            outcome = redeemAuthorizationCode.redeem(code, ctx.ip());
        } else if (check instanceof RefreshGrant refresh) {
            outcome = rotateRefreshToken.rotate(refresh, ctx.ip());
        } else if (check instanceof TokenRequestCheck.Incomplete incomplete) {
            outcome = refuseIncompleteGrant.refuse(incomplete, ctx.ip());
        } else {
            outcome = new TokenOutcome.Refused(((TokenRequestCheck.Invalid) check).error());
        }
        if (outcome instanceof TokenOutcome.Throttled throttled) {
            LOG.info("token throttled: new metadata document client ip={}", ctx.ip());
            metrics.token(grantType, "throttled", Optional.of(OAuthErrors.TOO_MANY_REQUESTS));
            metrics.throttled("document");
            OAuthErrors.retryLater(ctx, ErrorStatuses.THROTTLED, OAuthErrors.TOO_MANY_REQUESTS,
                    "the client's metadata document would be a new registration, and too many were made; retry later",
                    throttled.retryAfter());
            return;
        }
        if (outcome instanceof TokenOutcome.Refused refused) {
            LOG.info("token refused error={} ip={}", refused.error().code(), ctx.ip());
            metrics.token(grantType, "refused", Optional.of(refused.error().code().wire()));
            refuse(ctx, AuditAction.TOKEN, refused.error());
            return;
        }
        TokenResponse issued = ((TokenOutcome.Issued) outcome).response();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", issued.expiresIn().toSeconds());
        issued.refreshToken().ifPresent(refresh -> body.put("refresh_token", refresh));
        if (!issued.scope().isEmpty()) {
            body.put("scope", issued.scope().toString());
        }
        LOG.info("tokens issued grant_type={} ip={}", grantType, ctx.ip());
        metrics.token(grantType, "issued", Optional.empty());
        ctx.status(200).header("Cache-Control", "no-store").header("Pragma", "no-cache");
        Json.write(ctx, body);
    }

    private void revoke(Context ctx) {
        if (throttled(ctx)) {
            return;
        }
        Form parsed = form(ctx);
        if (parsed instanceof Form.Refused refused) {
            refuse(ctx, AuditAction.REVOCATION, refused.error());
            return;
        }
        Parsed<RevocationRequest> request = RevocationRequest.parse(((Form.Parsed) parsed).values(), authorization(ctx));
        Optional<TokenError> refusal = request instanceof Parsed.Valid<RevocationRequest> valid
                ? revokeToken.revoke(valid.request())
                : Optional.of(((Parsed.Invalid<RevocationRequest>) request).error());
        if (refusal.isPresent()) {
            refuse(ctx, AuditAction.REVOCATION, refusal.get());
            return;
        }
        ctx.status(200).header("Cache-Control", "no-store");
    }

    private void introspect(Context ctx) {
        Form parsed = form(ctx);
        if (parsed instanceof Form.Refused refused) {
            refuseIntrospection(ctx, refused.error());
            return;
        }
        Parsed<IntrospectionRequest> request =
                IntrospectionRequest.parse(((Form.Parsed) parsed).values(), authorization(ctx));
        if (request instanceof Parsed.Invalid<IntrospectionRequest> invalid) {
            if (invalid.error().code() == OAuthErrorCode.INVALID_CLIENT) {
                metrics.introspection("unauthorized");
            }
            refuseIntrospection(ctx, invalid.error());
            return;
        }
        IntrospectToken.Outcome outcome =
                introspectToken.introspect(((Parsed.Valid<IntrospectionRequest>) request).request());
        metrics.introspection(outcome instanceof IntrospectToken.Outcome.Unauthorized ? "unauthorized"
                : Boolean.toString(outcome instanceof IntrospectToken.Outcome.Active));
        if (outcome instanceof IntrospectToken.Outcome.Unauthorized) {
            LOG.info("introspection refused: bad resource server credentials ip={}", ctx.ip());
            refuseIntrospection(ctx, TokenError.invalidClient("the resource server credentials are wrong"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (outcome instanceof IntrospectToken.Outcome.Active active) {
            AccessToken token = active.token();
            body.put("active", true);
            body.put("client_id", token.grant().clientId().value());
            body.put("username", token.grant().username());
            body.put("sub", token.grant().username());
            body.put("scope", token.grant().scopes().toString());
            token.grant().resource().ifPresent(resource -> body.put("aud", resource));
            body.put("iss", issuer);
            body.put("token_type", "Bearer");
            body.put("exp", token.expiresAt().getEpochSecond());
            body.put("iat", token.issuedAt().getEpochSecond());
        } else {
            body.put("active", false);
        }
        ctx.status(200).header("Cache-Control", "no-store");
        Json.write(ctx, body);
    }

    /** Answers 429 when the caller's address has spent its permits; otherwise takes one and answers false. */
    private boolean throttled(Context ctx) {
        if (guard.admit(ctx.ip()) instanceof GuardTokenEndpoints.Admission.Throttled throttled) {
            metrics.throttled(GuardTokenEndpoints.PER_IP_LIMIT);
            OAuthErrors.retryLater(ctx, ErrorStatuses.THROTTLED, OAuthErrors.TOO_MANY_REQUESTS,
                    "too many requests from this address; retry later", throttled.retryAfter());
            return true;
        }
        return false;
    }

    /** A refused introspection spends a permit: past the address's budget it is answered 429 instead. */
    private void refuseIntrospection(Context ctx, TokenError error) {
        if (!throttled(ctx)) {
            if (error.code() == OAuthErrorCode.INVALID_CLIENT) {
                ctx.header("WWW-Authenticate", "Basic realm=\"introspection\"");
            }
            guard.refused(AuditAction.INTROSPECTION, ctx.ip(), error.code().wire());
            OAuthErrors.write(ctx, ErrorStatuses.token(error.code()), error);
        }
    }

    private static Optional<String> authorization(Context ctx) {
        return Optional.ofNullable(ctx.header("Authorization"));
    }

    /** The form body's parameters, or the error for a wrong type or broken encoding. */
    private static Form form(Context ctx) {
        if (!isForm(ctx)) {
            return new Form.Refused(TokenError.invalidRequest(
                    "the body must be sent as application/x-www-form-urlencoded"));
        }
        return QueryString.parse(ctx.body()).<Form>map(Form.Parsed::new)
                .orElseGet(() -> new Form.Refused(TokenError.invalidRequest("the form body is not validly encoded")));
    }

    private sealed interface Form {
        record Parsed(Map<String, List<String>> values) implements Form {}

        record Refused(TokenError error) implements Form {}
    }

    private static boolean isForm(Context ctx) {
        String type = ctx.header("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).split(";", -1)[0].trim()
                .equals("application/x-www-form-urlencoded");
    }

    private void refuse(Context ctx, AuditAction endpoint, TokenError error) {
        guard.refused(endpoint, ctx.ip(), error.code().wire());
        // RFC 6749 §5.2: an invalid_client answer carries a challenge matching the scheme when the client used the
        // Authorization header.
        if (error.code() == OAuthErrorCode.INVALID_CLIENT && ctx.header("Authorization") != null) {
            ctx.header("WWW-Authenticate", "Basic realm=\"token\"");
        }
        OAuthErrors.write(ctx, ErrorStatuses.token(error.code()), error);
    }
}
