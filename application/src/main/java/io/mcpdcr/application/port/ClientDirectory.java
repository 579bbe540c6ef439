package io.mcpdcr.application.port;

import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Read-only views of the registered clients for the admin tools. Disabled clients are included and flagged. */
public interface ClientDirectory {
    /**
     * The clients matching every filter given, newest first.
     *
     * @param since registered at or after this time
     * @param address registered from exactly this address
     * @param nameContains whose name contains this text, ignoring case
     * @param unusedOnly only clients that never completed a token exchange
     */
    List<ClientSummary> list(Optional<Instant> since, Optional<String> address, Optional<String> nameContains,
            boolean unusedOnly);

    /**
     * One page of clients, newest first: those whose client_id or registering address is {@code text}, or whose name
     * or a redirect URI contains it (ignoring case); all when {@code text} is empty.
     */
    List<ClientSummary> search(Optional<String> text, int offset, int limit);

    /** The client, disabled or not, with its token counts at {@code now}; empty when unknown (or deleted). */
    Optional<ClientDetails> show(ClientId id, Instant now);

    /**
     * A line of a client list.
     *
     * @param lastUsed the latest completed token exchange; empty when the client never completed one
     */
    record ClientSummary(
            String clientId,
            String clientName,
            Instant issuedAt,
            String registeredIp,
            Optional<Instant> lastUsed,
            boolean disabled,
            List<String> redirectUris) {
        public ClientSummary {
            redirectUris = List.copyOf(redirectUris);
        }
    }

    /**
     * One client in detail.
     *
     * @param registration the client as registered, found even when disabled
     * @param liveAccessTokens access tokens not expired at the time asked about
     * @param liveRefreshTokens refresh tokens neither expired nor rotated at the time asked about
     */
    record ClientDetails(
            ClientRegistration registration,
            Optional<Instant> lastUsed,
            Optional<Instant> disabledAt,
            int liveAccessTokens,
            int liveRefreshTokens) {
        public boolean disabled() {
            return disabledAt.isPresent();
        }
    }
}
