package io.mcpdcr.application.token;

import io.mcpdcr.domain.token.TokenRequestCheck;

/**
 * {@code POST /o/token} naming a client and a grant but lacking a parameter of that grant: the client is looked up
 * first, so an unknown or unauthenticated client or one without the grant hears that, and only a client that may use
 * the grant hears what its request lacks.
 */
public final class RefuseIncompleteGrant {
    private final GrantingClient grantingClient;

    public RefuseIncompleteGrant(GrantingClient grantingClient) {
        this.grantingClient = grantingClient;
    }

    /** @param requester the caller's address, which a first fetch of a metadata document counts against */
    public TokenOutcome refuse(TokenRequestCheck.Incomplete request, String requester) {
        GrantingClient.Found found = grantingClient.find(request.client(), request.grantType(), requester);
        return found instanceof GrantingClient.Found.No no ? no.outcome() : new TokenOutcome.Refused(request.error());
    }
}
