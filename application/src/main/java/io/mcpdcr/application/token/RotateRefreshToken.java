package io.mcpdcr.application.token;

import io.mcpdcr.application.port.TokenStore;
import io.mcpdcr.domain.registration.ClientMetadataPolicy;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.OpaqueToken;
import io.mcpdcr.domain.token.RefreshGrant;
import io.mcpdcr.domain.token.RefreshToken;
import io.mcpdcr.domain.token.TokenError;
import io.mcpdcr.domain.token.TokenGrant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * {@code POST /o/token} with grant_type refresh_token: rotates a refresh token (OAuth 2.1 §4.3). A refresh token used
 * twice revokes its whole family.
 */
public final class RotateRefreshToken {
    private final GrantingClient grantingClient;
    private final TokenStore tokens;
    private final InstantSource clock;
    private final TokenMinter minter;

    public RotateRefreshToken(GrantingClient grantingClient, TokenStore tokens,
            InstantSource clock, TokenMinter minter) {
        this.grantingClient = grantingClient;
        this.tokens = tokens;
        this.clock = clock;
        this.minter = minter;
    }

    /** @param requester the caller's address, which a first fetch of a metadata document counts against */
    public TokenOutcome rotate(RefreshGrant request, String requester) {
        GrantingClient.Found found =
                grantingClient.find(request.client(), ClientMetadataPolicy.GRANT_REFRESH_TOKEN, requester);
        if (found instanceof GrantingClient.Found.No no) {
            return no.outcome();
        }
        ClientRegistration client = ((GrantingClient.Found.Yes) found).client();
        String hash = OpaqueToken.hash(request.refreshToken());
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
        TokenGrant.Narrowing narrowing = minter.narrowed(known.get().grant(), request.scope(), request.resource());
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
                minter.mint(((TokenGrant.Narrowing.Narrowed) narrowing).grant(), old.grant(), old.familyId(), client,
                        old.authTime());
        // A concurrent replay may have revoked the family just before the new pair was stored: the rotated token
        // is then gone, and the new pair goes too. This request still won the rotation, so it gets its (dead) pair.
        if (tokens.findRefresh(hash).isEmpty()) {
            tokens.revokeFamily(old.familyId());
        }
        return issued;
    }

    private static TokenOutcome refuse(TokenError error) {
        return new TokenOutcome.Refused(error);
    }
}
