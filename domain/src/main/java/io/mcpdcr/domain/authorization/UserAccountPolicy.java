package io.mcpdcr.domain.authorization;

import java.util.Optional;
import java.util.regex.Pattern;

/** What a local user account may look like: a plain username, and a password long enough to resist guessing. */
public final class UserAccountPolicy {
    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 1024;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    private UserAccountPolicy() {}

    /** Why the username is refused, if it is. */
    public static Optional<String> usernameProblem(String username) {
        return username != null && USERNAME.matcher(username).matches()
                ? Optional.empty()
                : Optional.of("a username is 1 to 100 letters, digits and . _ @ -, starting with a letter or digit");
    }

    /** Why the password is refused, if it is (NIST SP 800-63B: length, not composition rules). */
    public static Optional<String> passwordProblem(char[] password) {
        if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
            return Optional.of("a password has " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        return Optional.empty();
    }
}
