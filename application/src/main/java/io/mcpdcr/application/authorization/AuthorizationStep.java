package io.mcpdcr.application.authorization;

import io.mcpdcr.domain.authorization.AuthorizationError;
import io.mcpdcr.domain.authorization.AuthorizationRequest;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.time.Duration;

/** What the browser sees next in the authorization flow. */
public sealed interface AuthorizationStep {
    /** An error page; never a redirect, because the client or its redirect URI is not verified. */
    record ShowError(AuthorizationError error) implements AuthorizationStep {}

    /**
     * Back to the client's verified redirect URI, with a code or an error, plus state and iss.
     *
     * @param carriesError whether it carries an error rather than a code
     */
    record Redirect(String location, boolean carriesError) implements AuthorizationStep {}

    /**
     * The client is a metadata document not fetched before, and fetching it would be one registration too many for
     * the browser's address or the server: try again after {@code retryAfter}. Never a redirect.
     */
    record TooManyRequests(Duration retryAfter) implements AuthorizationStep {}

    /**
     * The user must log in; then the same request starts again.
     *
     * @param redirectUri the request's verified redirect URI, where the flow may go once the user signed in
     */
    record LogInFirst(String redirectUri) implements AuthorizationStep {}

    /**
     * An error for a verified redirect URI, shown rather than redirected because nobody signed in yet
     * (RFC 9700 §4.11.2): the page offers {@code location}, the redirect carrying the error, as a link to click.
     */
    record ConfirmReturn(String location, String redirectUri, AuthorizationError error) implements AuthorizationStep {}

    /** The user must approve or deny this client. */
    record AskConsent(AuthorizationRequest request, ClientRegistration client) implements AuthorizationStep {}
}
