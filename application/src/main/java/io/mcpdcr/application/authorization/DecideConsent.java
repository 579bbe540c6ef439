package io.mcpdcr.application.authorization;

import io.mcpdcr.application.port.ConsentStore;
import io.mcpdcr.domain.authorization.AuthorizationError;
import io.mcpdcr.domain.authorization.AuthorizationRequest;
import io.mcpdcr.domain.monitoring.AuditEvent;
import java.util.List;
import java.util.Map;

/**
 * The user's answer on the consent page. The request is checked again from scratch, since the form came back
 * through the browser. Approval issues a code; denial answers {@code access_denied}.
 */
public final class DecideConsent {
    private final AuthorizationResponder responder;
    private final ConsentStore consents;

    DecideConsent(AuthorizationResponder responder, ConsentStore consents) {
        this.responder = responder;
        this.consents = consents;
    }

    /** @param requester the browser's address, which a first fetch of a metadata document counts against */
    public AuthorizationStep decide(Map<String, List<String>> params, String username, Decision decision,
            String requester) {
        AuthorizationResponder.Checked checked = responder.check(params, requester);
        if (checked instanceof AuthorizationResponder.Checked.Ended ended) {
            return ended.step();
        }
        AuthorizationRequest request = ((AuthorizationResponder.Checked.Passed) checked).request();
        responder.record(AuditEvent.AuditAction.CONSENT, decision == Decision.DENY ? "denied" : "approved", request,
                username);
        if (decision == Decision.DENY) {
            return responder.error(request.redirectUri(), request.state(),
                    AuthorizationError.accessDenied("the user denied the request"));
        }
        if (decision == Decision.APPROVE_AND_REMEMBER) {
            consents.remember(username, request.clientId(), request.resource(), request.scopes());
        }
        return responder.issueCode(request, username);
    }

    public enum Decision {
        APPROVE,
        APPROVE_AND_REMEMBER,
        DENY
    }
}
