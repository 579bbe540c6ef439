package io.mcpdcr.application.port;

import io.mcpdcr.domain.authorization.UserSession;
import java.util.Optional;

/** Login sessions, shared by every instance, looked up by the hash of the cookie's secret. */
public interface SessionStore {
    void create(UserSession session);

    Optional<UserSession> find(String idHash);

    /** Ends the session; nothing happens when there is none. */
    void delete(String idHash);
}
