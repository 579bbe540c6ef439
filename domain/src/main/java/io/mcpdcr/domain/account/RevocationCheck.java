package io.mcpdcr.domain.account;

import io.mcpdcr.domain.registration.ClientId;

/** The verdict on a user's request to revoke an application's access. */
public sealed interface RevocationCheck {
    /** The form names one application. */
    record Revoke(ClientId clientId) implements RevocationCheck {}

    /** The form is not one this server's account page sends. */
    record Invalid(String description) implements RevocationCheck {}
}
