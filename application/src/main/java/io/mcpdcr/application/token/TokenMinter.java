package io.mcpdcr.application.token;

import io.mcpdcr.application.authorization.OAuthSettings;
import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.application.port.TokenStore;
import io.mcpdcr.domain.authorization.AuthorizationRequestPolicy;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.AccessTokenClaims;
import io.mcpdcr.domain.token.AudiencePolicy;
import io.mcpdcr.domain.token.OpaqueToken;
import io.mcpdcr.domain.token.RefreshToken;
import io.mcpdcr.domain.token.TokenError;
import io.mcpdcr.domain.token.TokenGrant;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Creates and stores the tokens of both grants: an access token bound to one audience by the {@link AudiencePolicy},
 * and a refresh token when the client registered that grant. Each issue goes to the audit trail and keeps the client
 * alive. The access token is opaque or a signed JWT, as the {@link AccessTokenFormat} says; refresh tokens are always
 * opaque.
 */
public final class TokenMinter {
    private final ClientRegistry clients;
    private final TokenStore tokens;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final OAuthSettings settings;
    private final AuthorizationRequestPolicy policy;
    private final AudiencePolicy audience;
    private final AuditLog audit;
    private final AccessTokenFormat format;

    /** A minter of opaque access tokens. */
    public TokenMinter(ClientRegistry clients, TokenStore tokens, InstantSource clock, RandomGenerator random,
            OAuthSettings settings, AuthorizationRequestPolicy policy, AudiencePolicy audience, AuditLog audit) {
        this(clients, tokens, clock, random, settings, policy, audience, audit, new AccessTokenFormat.Opaque());
    }

    public TokenMinter(ClientRegistry clients, TokenStore tokens, InstantSource clock, RandomGenerator random,
            OAuthSettings settings, AuthorizationRequestPolicy policy, AudiencePolicy audience, AuditLog audit,
            AccessTokenFormat format) {
        this.clients = clients;
        this.tokens = tokens;
        this.clock = clock;
        this.random = random;
        this.settings = settings;
        this.policy = policy;
        this.audience = audience;
        this.audit = audit;
        this.format = format;
    }

    /** The grant narrowed to what the request asks, refusing a resource that is no acceptable target (RFC 8707 §2). */
    TokenGrant.Narrowing narrowed(TokenGrant grant, Optional<ScopeSet> scopes, Optional<String> resource) {
        Optional<String> problem = resource.flatMap(policy::resourceProblem);
        return problem.isPresent()
                ? new TokenGrant.Narrowing.Refused(TokenError.invalidTarget(problem.get()))
                : grant.narrow(scopes, resource);
    }

    /**
     * @param accessGrant what the access token stands for, before it is bound to its audience
     * @param refreshGrant what the refresh token stands for
     * @param familyId the family the tokens join: a replay or reuse revokes it whole
     * @param authTime when the user approved the grant, carried by a JWT as {@code auth_time}
     */
    TokenOutcome mint(TokenGrant accessGrant, TokenGrant refreshGrant, String familyId, ClientRegistration client,
            Instant authTime) {
        Instant now = clock.instant();
        TokenGrant grant = audience.bind(accessGrant);
        Instant expiresAt = now.plus(settings.accessTokenLifetime());
        String access = OpaqueToken.generate(random);
        if (format instanceof AccessTokenFormat.Jwt jwt) {
            // The random value becomes the jti. The store keeps the hash of the whole JWT, so introspection, revocation
            // and the gateway look a JWT up exactly as an opaque token: an edited one is simply unknown.
            access = jwt.keys().sign(AccessTokenClaims.of(settings.issuer(), grant, now, expiresAt, access, authTime,
                    jwt.withUsername()));
        }
        var accessToken = new AccessToken(OpaqueToken.hash(access), familyId, grant, now, expiresAt, authTime);
        Optional<String> refresh = Optional.empty();
        Optional<RefreshToken> refreshToken = Optional.empty();
        if (client.metadata().allowsRefreshTokens()) {
            refresh = Optional.of(OpaqueToken.generate(random));
            refreshToken = Optional.of(new RefreshToken(OpaqueToken.hash(refresh.get()), familyId, refreshGrant, now,
                    now.plus(settings.refreshTokenLifetime()), authTime));
        }
        tokens.issue(accessToken, refreshToken);
        clients.recordUse(client.id(), now); // only a completed exchange keeps a client alive
        audit.record(AuditEvent.tokenIssued(now, client.id()));
        return new TokenOutcome.Issued(
                new TokenResponse(access, settings.accessTokenLifetime(), refresh, grant.scopes()));
    }
}
