package io.mcpdcr.application.account;

import io.mcpdcr.domain.registration.ClientId;
import java.util.Objects;

/**
 * A signed-in user's request to take back what they allowed an application.
 *
 * @param address the requester's address, for the audit trail
 */
public record RevokeApplicationRequest(String username, ClientId clientId, String address) {
    public RevokeApplicationRequest {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(address, "address");
    }
}
