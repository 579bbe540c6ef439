package io.mcpdcr.application.token;

import io.mcpdcr.application.port.AuthorizationCodeStore;
import io.mcpdcr.application.port.TokenStore;
import io.mcpdcr.domain.authorization.AuthorizationCode;
import io.mcpdcr.domain.registration.ClientMetadataPolicy;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.CodeGrant;
import io.mcpdcr.domain.token.CodeRedemptionPolicy;
import io.mcpdcr.domain.token.OpaqueToken;
import io.mcpdcr.domain.token.TokenError;
import io.mcpdcr.domain.token.TokenGrant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * {@code POST /o/token} with grant_type authorization_code: redeems a code with its PKCE verifier (RFC 6749 §4.1.3,
 * RFC 7636 §4.5). A replayed code revokes the tokens issued from it. Refusals are counted in aggregate by
 * {@link GuardTokenEndpoints}, so an anonymous flood writes no row per request.
 */
public final class RedeemAuthorizationCode {
    private final GrantingClient grantingClient;
    private final AuthorizationCodeStore codes;
    private final TokenStore tokens;
    private final InstantSource clock;
    private final TokenMinter minter;

    public RedeemAuthorizationCode(GrantingClient grantingClient, AuthorizationCodeStore codes, TokenStore tokens,
            InstantSource clock, TokenMinter minter) {
        this.grantingClient = grantingClient;
        this.codes = codes;
        this.tokens = tokens;
        this.clock = clock;
        this.minter = minter;
    }

    /** @param requester the caller's address, which a first fetch of a metadata document counts against */
    public TokenOutcome redeem(CodeGrant request, String requester) {
        GrantingClient.Found found =
                grantingClient.find(request.client(), ClientMetadataPolicy.GRANT_AUTHORIZATION_CODE, requester);
        if (found instanceof GrantingClient.Found.No no) {
            return no.outcome();
        }
        ClientRegistration client = ((GrantingClient.Found.Yes) found).client();
        AuthorizationCodeStore.Redemption redemption = codes.redeem(OpaqueToken.hash(request.code()));
        if (redemption instanceof AuthorizationCodeStore.Replayed replayed) {
            tokens.revokeFamily(replayed.code().hash());
            return refuse(TokenError.invalidGrant("the code was already used; the tokens issued from it are revoked"));
        }
        if (!(redemption instanceof AuthorizationCodeStore.FirstUse firstUse)) {
            return refuse(TokenError.invalidGrant("the code is unknown or expired"));
        }
        AuthorizationCode redeemed = firstUse.code();
        Optional<TokenError> refusal = CodeRedemptionPolicy.refusal(
                redeemed, client.id(), request.redirectUri(), request.codeVerifier(), clock.instant());
        if (refusal.isPresent()) {
            return refuse(refusal.get());
        }
        TokenGrant.Narrowing narrowing = minter.narrowed(TokenGrant.of(redeemed), Optional.empty(), request.resource());
        if (narrowing instanceof TokenGrant.Narrowing.Refused refused) {
            return refuse(refused.error());
        }
        TokenGrant grant = ((TokenGrant.Narrowing.Narrowed) narrowing).grant();
        TokenOutcome issued = minter.mint(grant, grant, redeemed.hash(), client, redeemed.issuedAt());
        // A replay racing this redemption may have revoked the family before these tokens were stored.
        if (codes.wasReplayed(redeemed.hash())) {
            tokens.revokeFamily(redeemed.hash());
        }
        return issued;
    }

    private static TokenOutcome refuse(TokenError error) {
        return new TokenOutcome.Refused(error);
    }
}
