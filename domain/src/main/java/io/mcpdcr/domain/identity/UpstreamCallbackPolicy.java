package io.mcpdcr.domain.identity;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The rules of a callback from an upstream provider: its state names a live transaction of this provider, started by
 * this browser, and not spent yet. Spending it is the store's job, atomically, after this check.
 */
public final class UpstreamCallbackPolicy {
    private UpstreamCallbackPolicy() {}

    /**
     * @param found the transaction of the callback's state
     * @param browserHash the hash of the callback's binding cookie, empty without one
     */
    public static CallbackCheck check(Optional<UpstreamTransaction> found, String provider,
            Optional<String> browserHash, Instant now) {
        if (found.isEmpty()) {
            return new CallbackCheck.Unknown();
        }
        UpstreamTransaction transaction = found.get();
        if (transaction.used()) {
            return new CallbackCheck.Replayed();
        }
        if (!now.isBefore(transaction.expiresAt())) {
            return new CallbackCheck.Expired();
        }
        boolean sameBrowser = browserHash.isPresent() && MessageDigest.isEqual(
                browserHash.get().getBytes(StandardCharsets.US_ASCII),
                transaction.browserHash().getBytes(StandardCharsets.US_ASCII));
        if (!sameBrowser || !transaction.provider().equals(provider)) {
            return new CallbackCheck.Mismatched();
        }
        return new CallbackCheck.Proceed(transaction);
    }
}
