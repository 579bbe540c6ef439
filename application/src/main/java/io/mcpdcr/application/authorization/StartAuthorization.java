package io.mcpdcr.application.authorization;

import io.mcpdcr.application.port.ConsentStore;
import io.mcpdcr.domain.authorization.AuthorizationRequest;
import io.mcpdcr.domain.authorization.RememberedConsentPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /o/authorize}: checks the request (RFC 6749 §4.1.1, RFC 7636, RFC 8707), then asks the user to log in or
 * to consent, or answers at once when the user already approved these scopes for this client and redirect URI.
 */
public final class StartAuthorization {
    private final AuthorizationResponder responder;
    private final ConsentStore consents;

    public StartAuthorization(AuthorizationResponder responder, ConsentStore consents) {
        this.responder = responder;
        this.consents = consents;
    }

    /**
     * @param username the logged-in user, if any
     * @param requester the browser's address, which a first fetch of a metadata document counts against
     */
    public AuthorizationStep start(Map<String, List<String>> params, Optional<String> username, String requester) {
        AuthorizationResponder.Checked checked = responder.check(params, username.isPresent(), requester);
        if (checked instanceof AuthorizationResponder.Checked.Ended ended) {
            return ended.step();
        }
        var passed = (AuthorizationResponder.Checked.Passed) checked;
        AuthorizationRequest request = passed.request();
        if (username.isEmpty()) {
            return new AuthorizationStep.LogInFirst(request.redirectUri());
        }
        boolean remembered = consents.granted(username.get(), request.clientId(), request.resource())
                .filter(consent -> RememberedConsentPolicy.answers(consent.redirectUri(), request.redirectUri()))
                .filter(consent -> consent.scopes().containsAll(request.scopes()))
                .isPresent();
        if (remembered) {
            return responder.issueCode(request, username.get());
        }
        return new AuthorizationStep.AskConsent(request, passed.client());
    }
}
