package io.mcpdcr.application.token;

import io.mcpdcr.application.port.ClientLookup;
import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.ClientAuthentication;
import io.mcpdcr.domain.token.TokenError;
import java.util.Optional;

/**
 * The client of a token request: known (or its metadata document fetched), authenticated as its metadata requires,
 * and registered for the grant.
 */
public final class GrantingClient {
    private final ClientRegistry clients;
    private final ClientAuthenticator authenticator;

    public GrantingClient(ClientRegistry clients, ClientAuthenticator authenticator) {
        this.clients = clients;
        this.authenticator = authenticator;
    }

    /**
     * @param grantType the grant the request uses, as the client registers it (RFC 7591 §2 grant_types)
     * @param requester the caller's address, which a first fetch of a metadata document counts against
     */
    Found find(ClientAuthentication client, String grantType, String requester) {
        ClientLookup lookup = clients.lookup(client.clientId(), requester);
        if (lookup instanceof ClientLookup.Throttled throttled) {
            return new Found.No(new TokenOutcome.Throttled(throttled.retryAfter()));
        }
        if (!(lookup instanceof ClientLookup.Found found)) {
            return refused(TokenError.invalidClient("the client is unknown; it may have been removed, so register again"));
        }
        Optional<TokenError> unauthenticated = authenticator.refusal(client, found.client());
        if (unauthenticated.isPresent()) {
            return refused(unauthenticated.get());
        }
        if (!found.client().metadata().grantTypes().contains(grantType)) {
            return refused(TokenError.unauthorizedClient("the client did not register the " + grantType + " grant"));
        }
        return new Found.Yes(found.client());
    }

    private static Found refused(TokenError error) {
        return new Found.No(new TokenOutcome.Refused(error));
    }

    sealed interface Found {
        record Yes(ClientRegistration client) implements Found {}

        /** The request ends here, with this outcome. */
        record No(TokenOutcome outcome) implements Found {}
    }
}
