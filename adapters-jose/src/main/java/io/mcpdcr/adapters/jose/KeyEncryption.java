package io.mcpdcr.adapters.jose;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals private keys for the database with AES-256-GCM under the key encryption key ({@code DCR_KEY_ENCRYPTION_KEY},
 * 32 bytes in base64), the kid bound as associated data so a sealed key cannot be moved to another row. Without a key
 * encryption key, keys are stored in clear. Sealed values read {@code enc:v1:<base64 iv||ciphertext||tag>}.
 */
public final class KeyEncryption {
    static final String PREFIX = "enc:v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Optional<SecretKeySpec> key;
    private final SecureRandom random = new SecureRandom();

    private KeyEncryption(Optional<SecretKeySpec> key) {
        this.key = key;
    }

    /** Private keys stored as they are. */
    public static KeyEncryption none() {
        return new KeyEncryption(Optional.empty());
    }

    /**
     * @param base64Key 32 bytes, standard or url-safe base64
     * @throws IllegalArgumentException when it is not base64 of exactly 32 bytes
     */
    public static KeyEncryption withKey(String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.trim().replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key encryption key is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(
                    "the key encryption key must be 32 bytes (base64 of 32 random bytes), not " + bytes.length);
        }
        return new KeyEncryption(Optional.of(new SecretKeySpec(bytes, "AES")));
    }

    public boolean encrypts() {
        return key.isPresent();
    }

    String seal(String kid, String privateJwk) {
        if (key.isEmpty()) {
            return privateJwk;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, kid, iv);
            byte[] sealed = cipher.doFinal(privateJwk.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is in every JDK", e);
        }
    }

    /** @throws KeyUnreadableException when the key is sealed under another key, or sealed and no key is configured */
    String open(String kid, String stored) {
        if (!stored.startsWith(PREFIX)) {
            return stored; // stored in clear, before or without a key encryption key
        }
        if (key.isEmpty()) {
            throw new KeyUnreadableException("signing key " + kid
                    + " is encrypted, but DCR_KEY_ENCRYPTION_KEY is not set");
        }
        byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, kid, Arrays.copyOf(in, IV_BYTES));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new KeyUnreadableException("signing key " + kid
                    + " does not decrypt with DCR_KEY_ENCRYPTION_KEY: the key encryption key is wrong");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is in every JDK", e);
        }
    }

    private Cipher cipher(int mode, String kid, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key.orElseThrow(), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** A stored private key this instance cannot read: a configuration error, reported at start-up. */
    public static final class KeyUnreadableException extends IllegalStateException {
        KeyUnreadableException(String message) {
            super(message);
        }
    }
}
