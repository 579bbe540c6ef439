package io.mcpdcr.application.port;

import io.mcpdcr.application.port.SigningKeyStore.StoredSigningKey;
import io.mcpdcr.domain.token.AccessTokenClaims;
import io.mcpdcr.domain.token.SigningKey;
import java.time.Instant;
import java.util.List;

/** Makes signing keys and signs JWT access tokens (RFC 9068) with them: the JOSE work, done by a JOSE library. */
public interface JwtSigner {
    /** A fresh key pair of the configured algorithm for {@code slot}, its private half sealed for storage. */
    StoredSigningKey generate(long slot, Instant activatesAt);

    /**
     * Reads the private half now: a key this instance cannot read (a wrong key encryption key) fails at start-up, not
     * at the first token.
     */
    void prepare(StoredSigningKey key);

    /** The compact JWT with header {@code typ: at+jwt} and the key's {@code kid}. */
    String sign(AccessTokenClaims claims, StoredSigningKey key);

    /** The JSON Web Key Set of the public halves. */
    String keySet(List<SigningKey> keys);
}
