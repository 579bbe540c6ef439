package io.mcpdcr.application.port;

import io.mcpdcr.domain.registration.ClientKeys;
import io.mcpdcr.domain.token.ClientAssertionClaims;

/**
 * Checks the signature of a JWT client assertion (RFC 7523 §3) against a private_key_jwt client's keys, fetching a
 * {@code jwks_uri} as safely as metadata documents are fetched, and reads its claims. Asymmetric algorithms only.
 */
public interface ClientAssertionVerifier {
    /** Never throws for a malformed assertion or unreachable keys. */
    Verification verify(String assertion, ClientKeys keys);

    sealed interface Verification {}

    record Verified(ClientAssertionClaims claims) implements Verification {}

    /** @param reason a short sentence for the client, never repeating the assertion */
    record Failed(String reason) implements Verification {}
}
