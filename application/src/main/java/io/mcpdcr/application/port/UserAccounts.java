package io.mcpdcr.application.port;

import java.util.List;

/**
 * The administration of local user accounts: what the admin tools change, each change one transaction. The store
 * only stores; what a username and a password may be is {@code UserAccountPolicy}'s, applied by the use case.
 */
public interface UserAccounts {
    /** Adds a user, an administrator or not; false when the name is taken (the existing user is left as it was). */
    boolean add(String username, char[] password, boolean admin);

    /** Every user, by name. */
    List<Account> list();

    /**
     * Sets a new password and ends the user's sessions; with {@code revokeGrants}, also deletes their authorization
     * codes, access and refresh tokens and remembered consents, in the same transaction. False when there is no
     * such user.
     */
    boolean changePassword(String username, char[] password, boolean revokeGrants);

    /** Deletes the user's codes, tokens and remembered consents, keeping the account; false when there is none. */
    boolean revokeGrants(String username);

    /** Removes the user with their sessions, codes, tokens and consents; false when there is no such user. */
    boolean remove(String username);

    /**
     * A user as the admin tools list them.
     *
     * @param source {@code local}, or the upstream provider the person signs in with ({@code oidc}, {@code github})
     */
    record Account(String username, boolean admin, String source) {
        public Account(String username, boolean admin) {
            this(username, admin, "local");
        }
    }
}
