package io.mcpdcr.application.port;

import io.mcpdcr.domain.token.SigningKey;
import java.util.List;

/** The keys that sign JWT access tokens, shared by every instance on the database. */
public interface SigningKeyStore {
    /** Every stored key, public and private halves. */
    List<StoredSigningKey> all();

    /** Stores the key unless its slot has one already (another instance won the race); answers whether it did. */
    boolean add(StoredSigningKey key);

    /** Deletes the keys with these kids; answers how many there were. */
    int drop(List<String> kids);

    /**
     * A key with its private half as {@link JwtSigner} sealed it: encrypted with the key encryption key, or in clear
     * when none is configured.
     */
    record StoredSigningKey(SigningKey key, String sealedPrivateKey) {}
}
