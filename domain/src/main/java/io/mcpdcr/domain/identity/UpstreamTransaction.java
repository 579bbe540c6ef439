package io.mcpdcr.domain.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One sign-in sent to an upstream provider, kept until its callback: found by the hash of its {@code state}, bound to
 * the browser that started it by the hash of a cookie, and carrying the nonce and PKCE verifier the answer is checked
 * with, and where to continue afterwards.
 *
 * @param returnTo the authorization request's query to continue with, or empty for a page of our own
 * @param destination where to continue: {@code ""} for the authorization request, else a page name
 * @param used whether a callback has spent it already
 */
public record UpstreamTransaction(
        String stateHash,
        String provider,
        String browserHash,
        String nonce,
        String codeVerifier,
        String returnTo,
        String destination,
        Instant createdAt,
        Instant expiresAt,
        boolean used) {
    /** Long enough to sign in at the provider, with a second factor; short enough that an abandoned one is gone soon. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);

    public UpstreamTransaction {
        Objects.requireNonNull(stateHash, "stateHash");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(browserHash, "browserHash");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        Objects.requireNonNull(returnTo, "returnTo");
        Objects.requireNonNull(destination, "destination");
    }
}
