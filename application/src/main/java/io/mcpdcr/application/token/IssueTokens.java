package io.mcpdcr.application.token;

import io.mcpdcr.application.authorization.OAuthSettings;
import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.AuthorizationCodeStore;
import io.mcpdcr.application.port.ClientLookup;
import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.application.port.TokenStore;
import io.mcpdcr.domain.authorization.AuthorizationCode;
import io.mcpdcr.domain.authorization.AuthorizationRequestPolicy;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientMetadataPolicy;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.AudiencePolicy;
import io.mcpdcr.domain.token.OpaqueToken;
import io.mcpdcr.domain.token.RefreshToken;
import io.mcpdcr.domain.token.TokenError;
import io.mcpdcr.domain.token.TokenGrant;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * {@code POST /o/token}: redeems an authorization code with its PKCE verifier (RFC 6749 §4.1.3, RFC 7636 §4.5), or
 * rotates a refresh token (OAuth 2.1 §4.3). A replayed code or an already-rotated refresh token revokes its family.
 * Every access token is bound to one audience by the {@link AudiencePolicy}. Issued tokens go to the audit trail;
 * refusals are counted in aggregate by {@link GuardTokenEndpoints}, so an anonymous flood writes no row per request.
 */
public final class IssueTokens {
    private final ClientRegistry clients;
    private final AuthorizationCodeStore codes;
    private final TokenStore tokens;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final OAuthSettings settings;
    private final AuthorizationRequestPolicy policy;
    private final AudiencePolicy audience;
    private final AuditLog audit;

    public IssueTokens(ClientRegistry clients, AuthorizationCodeStore codes, TokenStore tokens, InstantSource clock,
            RandomGenerator random, OAuthSettings settings, AuthorizationRequestPolicy policy, AudiencePolicy audience,
            AuditLog audit) {
        this.clients = clients;
        this.codes = codes;
        this.tokens = tokens;
        this.clock = clock;
        this.random = random;
        this.settings = settings;
        this.policy = policy;
        this.audience = audience;
        this.audit = audit;
    }

    /**
     * @param params the form parameters, with the client_id from Basic authentication merged in by the adapter
     * @param requester the caller's address, which a first fetch of a metadata document counts against
     */
    public TokenOutcome issue(Map<String, List<String>> params, String requester) {
        FormParameters.Parsed parsed = FormParameters.parse(params);
        if (parsed instanceof FormParameters.Parsed.Invalid invalid) {
            return refuse(invalid.error());
        }
        FormParameters form = ((FormParameters.Parsed.Valid) parsed).parameters();
        Optional<String> grantType = form.get("grant_type");
        if (grantType.isEmpty()) {
            return refuse(TokenError.invalidRequest("grant_type is required"));
        }
        if (!grantType.get().equals(ClientMetadataPolicy.GRANT_AUTHORIZATION_CODE)
                && !grantType.get().equals(ClientMetadataPolicy.GRANT_REFRESH_TOKEN)) {
            return refuse(TokenError.unsupportedGrantType(
                    "grant_type must be authorization_code or refresh_token"));
        }
        Optional<String> clientId = form.get("client_id");
        if (clientId.isEmpty()) {
            return refuse(TokenError.invalidRequest("client_id is required"));
        }
        ClientLookup lookup = clients.lookup(new ClientId(clientId.get()), requester);
        if (lookup instanceof ClientLookup.Throttled throttled) {
            return new TokenOutcome.Throttled(throttled.retryAfter());
        }
        Optional<ClientRegistration> client = lookup instanceof ClientLookup.Found found
                ? Optional.of(found.client())
                : Optional.empty();
        if (client.isEmpty()) {
            return refuse(TokenError.invalidClient("the client is unknown; it may have been removed, so register again"));
        }
        if (!client.get().metadata().grantTypes().contains(grantType.get())) {
            return refuse(TokenError.unauthorizedClient("the client did not register the " + grantType.get() + " grant"));
        }
        return grantType.get().equals(ClientMetadataPolicy.GRANT_AUTHORIZATION_CODE)
                ? redeemCode(form, client.get())
                : refresh(form, client.get());
    }

    private TokenOutcome redeemCode(FormParameters form, ClientRegistration client) {
        Optional<String> code = form.get("code");
        if (code.isEmpty()) {
            return refuse(TokenError.invalidRequest("code is required"));
        }
        Optional<String> verifier = form.get("code_verifier");
        if (verifier.isEmpty()) {
            return refuse(TokenError.invalidRequest("code_verifier is required: PKCE is mandatory"));
        }
        AuthorizationCodeStore.Redemption redemption = codes.redeem(OpaqueToken.hash(code.get()));
        if (redemption instanceof AuthorizationCodeStore.Replayed replayed) {
            tokens.revokeFamily(replayed.code().hash());
            return refuse(TokenError.invalidGrant("the code was already used; the tokens issued from it are revoked"));
        }
        if (!(redemption instanceof AuthorizationCodeStore.FirstUse firstUse)) {
            return refuse(TokenError.invalidGrant("the code is unknown or expired"));
        }
        AuthorizationCode redeemed = firstUse.code();
        Optional<TokenError> refusal =
                redeemed.refusal(client.id(), form.get("redirect_uri"), verifier.get(), clock.instant());
        if (refusal.isPresent()) {
            return refuse(refusal.get());
        }
        TokenGrant.Narrowing narrowing = narrowed(redeemed.grant(), Optional.empty(), form.get("resource"));
        if (narrowing instanceof TokenGrant.Narrowing.Refused refused) {
            return refuse(refused.error());
        }
        TokenGrant grant = ((TokenGrant.Narrowing.Narrowed) narrowing).grant();
        TokenOutcome issued = issue(grant, grant, redeemed.hash(), client);
        // A replay racing this redemption may have revoked the family before these tokens were stored.
        if (codes.wasReplayed(redeemed.hash())) {
            tokens.revokeFamily(redeemed.hash());
        }
        return issued;
    }

    private TokenOutcome refresh(FormParameters form, ClientRegistration client) {
        Optional<String> presented = form.get("refresh_token");
        if (presented.isEmpty()) {
            return refuse(TokenError.invalidRequest("refresh_token is required"));
        }
        Optional<String> scope = form.get("scope");
        if (scope.isPresent() && !ScopeSet.isWellFormed(scope.get())) {
            return refuse(TokenError.invalidScope("scope is malformed"));
        }
        String hash = OpaqueToken.hash(presented.get());
        // RFC 6749 §6 order: the token must be this client's, live, and the request acceptable before it is spent,
        // so a refused request (another client, a wider scope, a foreign resource) leaves it usable by its owner.
        Optional<RefreshToken> known = tokens.findRefresh(hash);
        if (known.isEmpty()) {
            return refuse(TokenError.invalidGrant("the refresh token is unknown, revoked or expired"));
        }
        if (!known.get().grant().clientId().equals(client.id())) {
            return refuse(TokenError.invalidGrant("the refresh token was issued to another client"));
        }
        if (!known.get().isActiveAt(clock.instant())) {
            return refuse(TokenError.invalidGrant("the refresh token has expired"));
        }
        TokenGrant.Narrowing narrowing = narrowed(known.get().grant(), scope.map(ScopeSet::parse), form.get("resource"));
        if (narrowing instanceof TokenGrant.Narrowing.Refused refused) {
            return refuse(refused.error());
        }
        TokenStore.RefreshUse use = tokens.useRefresh(hash);
        if (use instanceof TokenStore.Reused reused) {
            tokens.revokeFamily(reused.token().familyId());
            return refuse(TokenError.invalidGrant("the refresh token was already used; its token family is revoked"));
        }
        if (!(use instanceof TokenStore.Fresh fresh)) {
            return refuse(TokenError.invalidGrant("the refresh token is unknown, revoked or expired"));
        }
        RefreshToken old = fresh.token();
        // RFC 6749 §6: only the access token narrows; the new refresh token keeps the original grant, so a client
        // that once asked for less can later ask for all it was granted again.
        TokenOutcome issued =
                issue(((TokenGrant.Narrowing.Narrowed) narrowing).grant(), old.grant(), old.familyId(), client);
        // A concurrent replay may have revoked the family just before the new pair was stored: the rotated token
        // is then gone, and the new pair goes too. This request still won the rotation, so it gets its (dead) pair.
        if (tokens.findRefresh(hash).isEmpty()) {
            tokens.revokeFamily(old.familyId());
        }
        return issued;
    }

    /** The grant narrowed to what the request asks, refusing a resource that is no acceptable target (RFC 8707 §2). */
    private TokenGrant.Narrowing narrowed(TokenGrant grant, Optional<ScopeSet> scopes, Optional<String> resource) {
        Optional<String> problem = resource.flatMap(policy::resourceProblem);
        return problem.isPresent()
                ? new TokenGrant.Narrowing.Refused(TokenError.invalidTarget(problem.get()))
                : grant.narrow(scopes, resource);
    }

    /**
     * @param accessGrant what the access token stands for, before it is bound to its audience
     * @param refreshGrant what the refresh token stands for
     */
    private TokenOutcome issue(TokenGrant accessGrant, TokenGrant refreshGrant, String familyId,
            ClientRegistration client) {
        Instant now = clock.instant();
        String access = OpaqueToken.generate(random);
        TokenGrant grant = audience.bind(accessGrant);
        var accessToken = new AccessToken(OpaqueToken.hash(access), familyId, grant, now,
                now.plus(settings.accessTokenLifetime()));
        Optional<String> refresh = Optional.empty();
        Optional<RefreshToken> refreshToken = Optional.empty();
        if (client.metadata().allowsRefreshTokens()) {
            refresh = Optional.of(OpaqueToken.generate(random));
            refreshToken = Optional.of(new RefreshToken(OpaqueToken.hash(refresh.get()), familyId, refreshGrant, now,
                    now.plus(settings.refreshTokenLifetime())));
        }
        tokens.issue(accessToken, refreshToken);
        clients.recordUse(client.id(), now); // only a completed exchange keeps a client alive
        audit.record(new AuditEvent(now, AuditEvent.AuditAction.TOKEN, "issued", Optional.empty(),
                Optional.of(client.id()), Optional.empty(), Optional.empty(), Optional.empty()));
        return new TokenOutcome.Issued(
                new TokenResponse(access, settings.accessTokenLifetime(), refresh, grant.scopes()));
    }

    private static TokenOutcome refuse(TokenError error) {
        return new TokenOutcome.Refused(error);
    }
}
