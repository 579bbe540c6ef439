package io.mcpdcr.domain.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The name of the account an upstream identity signs in to: {@code <provider>:<subject>}, stable however the person
 * renames themselves upstream, and never a local user's name (a local name has no colon). A subject too long or with
 * other characters is replaced by its SHA-256, so the name fits where usernames are stored.
 */
public final class ExternalAccountName {
    private static final Pattern PLAIN_SUBJECT = Pattern.compile("[A-Za-z0-9._@-]{1,80}");

    private ExternalAccountName() {}

    public static String of(String provider, String subject) {
        if (PLAIN_SUBJECT.matcher(subject).matches()) {
            return provider + ":" + subject;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
            return provider + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
