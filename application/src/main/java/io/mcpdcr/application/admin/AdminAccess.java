package io.mcpdcr.application.admin;

import io.mcpdcr.application.port.UserDirectory;

/** Who may use the admin pages: signed-in users with the admin role. */
public final class AdminAccess {
    private final UserDirectory users;

    public AdminAccess(UserDirectory users) {
        this.users = users;
    }

    public boolean allows(String username) {
        return users.isAdmin(username);
    }
}
