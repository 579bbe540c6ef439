package io.mcpdcr.domain.authorization;

/**
 * When an error may go back to the client's redirect URI without the user's say (RFC 9700 §4.11.2). Every client
 * here registered itself or is described by a document anyone can publish, so a verified redirect URI proves only
 * that the attacker registered it: before anyone signed in, redirecting an error automatically would turn this
 * server into a redirector for phishing. The error is then shown, and the user may click back to the client.
 */
public final class ErrorRedirectPolicy {
    private ErrorRedirectPolicy() {}

    /** Whether an error for a verified redirect URI may be sent there at once, rather than shown with a link back. */
    public static boolean redirectsAutomatically(boolean userSignedIn) {
        return userSignedIn;
    }
}
