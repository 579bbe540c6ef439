package io.mcpdcr.application.port;

import java.util.Optional;

/**
 * Checks user credentials. The local store hashes passwords with Argon2id; a host may plug in LDAP or an upstream
 * identity provider instead. Implementations must take about the same time for unknown users as for wrong passwords.
 */
public interface UserDirectory {
    /** The canonical username when the password is right, otherwise empty. */
    Optional<String> authenticate(String username, char[] password);

    /** Whether the user may see the admin page; directories without roles answer false. */
    default boolean isAdmin(String username) {
        return false;
    }

    /** How the user is shown on our pages, when the directory knows better than the username (an upstream name). */
    default Optional<String> displayName(String username) {
        return Optional.empty();
    }
}
