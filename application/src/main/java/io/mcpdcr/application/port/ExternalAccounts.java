package io.mcpdcr.application.port;

import io.mcpdcr.domain.identity.ExternalIdentity;
import java.time.Instant;

/** Accounts of people who sign in through an upstream provider, keyed by (provider, subject). */
public interface ExternalAccounts {
    /**
     * Creates the account on first sign-in, or updates its username, email, display name and admin role, in one
     * transaction.
     *
     * @param accountName the account's name here, {@code ExternalAccountName.of(provider, subject)}
     */
    void provision(ExternalIdentity identity, String accountName, boolean admin, Instant now);
}
