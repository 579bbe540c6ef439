package io.mcpdcr.adapters.http;

import io.javalin.http.Context;
import io.mcpdcr.domain.token.OpaqueToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The CSRF tokens of the signed-in pages' forms: each derived from the session secret with the form's own label, so a
 * token is good for one form of one session and nothing is stored for it. Compared in constant time.
 */
enum SessionCsrf {
    CONSENT("consent-csrf:"),
    LOGOUT("logout-csrf:"),
    ADMIN("admin-csrf:"),
    ACCOUNT("account-csrf:");

    /** The form field every page's forms carry their token in. */
    static final String FIELD = "csrf_token";

    private final String label;

    SessionCsrf(String label) {
        this.label = label;
    }

    /** What this form carries in a page of the session with this secret. */
    String token(String sessionSecret) {
        return OpaqueToken.hash(label + sessionSecret);
    }

    /** Whether the posted form carries this form's token of the session; never without a session. */
    boolean accepts(Optional<String> sessionSecret, Context ctx) {
        return sameSecret(sessionSecret.map(this::token), ctx.formParam(FIELD));
    }

    static boolean sameSecret(Optional<String> expected, String presented) {
        return expected.isPresent() && presented != null && MessageDigest.isEqual(
                expected.get().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
