package io.mcpdcr.domain.authorization;

import java.time.Instant;
import java.util.Objects;

/** A logged-in browser: the hash of its cookie's secret, who logged in, and until when. */
public record UserSession(String idHash, String username, Instant createdAt, Instant expiresAt) {
    public UserSession {
        Objects.requireNonNull(idHash, "idHash");
        Objects.requireNonNull(username, "username");
    }

    public boolean isActiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
