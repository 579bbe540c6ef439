package io.mcpdcr.application.port;

/** The administration of local user accounts: what the admin tools change, each change one transaction. */
public interface UserAccounts {
    /**
     * Sets a new password and ends the user's sessions; with {@code revokeGrants}, also deletes their authorization
     * codes, access and refresh tokens and remembered consents, in the same transaction. False when there is no
     * such user.
     */
    boolean changePassword(String username, char[] password, boolean revokeGrants);

    /** Removes the user with their sessions, codes, tokens and consents; false when there is no such user. */
    boolean remove(String username);
}
