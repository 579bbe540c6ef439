package io.mcpdcr.application.port;

import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Finding and removing clients that nobody uses any more, and the administrator's changes to one client. */
public interface ClientMaintenance {
    /** Clients registered before {@code registeredBefore} that never completed a token exchange. */
    List<ClientId> neverUsed(Instant registeredBefore);

    /** Clients last used before {@code lastUsedBefore} that hold no refresh token still valid at {@code now}. */
    List<ClientId> unusedSince(Instant lastUsedBefore, Instant now);

    /** Deletes the clients with their codes, tokens and consents; answers how many were deleted. */
    int delete(Collection<ClientId> clients);

    /** Disables a client (it is then unknown to authorize and token) and revokes its tokens. */
    boolean disable(ClientId client);

    /** Lets a disabled client in again; its revoked tokens stay revoked. False for an unknown client. */
    boolean enable(ClientId client);

    /** Deletes the client's codes and tokens, keeping the client; false for an unknown client. */
    boolean revokeTokens(ClientId client);
}
