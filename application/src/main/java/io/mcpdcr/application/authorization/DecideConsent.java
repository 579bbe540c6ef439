package io.mcpdcr.application.authorization;

import io.mcpdcr.application.port.ConsentInteractionStore;
import io.mcpdcr.application.port.ConsentStore;
import io.mcpdcr.domain.authorization.AuthorizationError;
import io.mcpdcr.domain.authorization.AuthorizationRequest;
import io.mcpdcr.domain.authorization.PendingConsent;
import io.mcpdcr.domain.authorization.RememberedConsentPolicy;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.token.OpaqueToken;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The consent page and the user's answer to it. Each page shown opens an interaction that one answer ends, so a
 * replayed answer (an Approve resent after a Deny) is refused. The request is checked again from scratch, since the
 * form came back through the browser. Approval issues a code; denial answers {@code access_denied}.
 */
public final class DecideConsent {
    /** How long a consent page can be answered: long enough to read it, short enough to keep the table small. */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(30);

    private final AuthorizationResponder responder;
    private final ConsentStore consents;
    private final ConsentInteractionStore interactions;
    private final InstantSource clock;
    private final RandomGenerator random;

    public DecideConsent(AuthorizationResponder responder, ConsentStore consents, ConsentInteractionStore interactions,
            InstantSource clock, RandomGenerator random) {
        this.responder = responder;
        this.consents = consents;
        this.interactions = interactions;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Opens the interaction a consent page answers, bound to the session it is shown to and to the request.
     *
     * @return the random id the consent form carries; only its hash is stored
     */
    public String open(String sessionSecret, String authorizationRequest) {
        String id = OpaqueToken.generate(random);
        interactions.open(new PendingConsent(OpaqueToken.hash(id), OpaqueToken.hash(sessionSecret),
                OpaqueToken.hash(authorizationRequest), clock.instant().plus(PENDING_LIFETIME)));
        return id;
    }

    /**
     * @param answer the interaction the form answers; an answer for one already ended gets an error page
     * @param requester the browser's address, which a first fetch of a metadata document counts against
     */
    public AuthorizationStep decide(Answer answer, Map<String, List<String>> params, String username,
            Decision decision, String requester) {
        if (!interactions.close(OpaqueToken.hash(answer.interactionId()), OpaqueToken.hash(answer.sessionSecret()),
                OpaqueToken.hash(answer.authorizationRequest()), clock.instant())) {
            return new AuthorizationStep.ShowError(AuthorizationError.invalidRequest(
                    "this consent form was already answered or has expired; start again from the application"));
        }
        AuthorizationResponder.Checked checked = responder.check(params, true, requester);
        if (checked instanceof AuthorizationResponder.Checked.Ended ended) {
            return ended.step();
        }
        AuthorizationRequest request = ((AuthorizationResponder.Checked.Passed) checked).request();
        responder.record(at -> AuditEvent.consent(at, decision != Decision.DENY, request.clientId(), username));
        if (decision == Decision.DENY) {
            return responder.error(request.redirectUri(), request.state(),
                    AuthorizationError.accessDenied("the user denied the request"));
        }
        // The page offers no "remember" box for other redirect URIs; a form that ticks it anyway approves only once.
        if (decision == Decision.APPROVE_AND_REMEMBER && RememberedConsentPolicy.mayRemember(request.redirectUri())) {
            consents.remember(username, request.clientId(), request.resource(), request.scopes(), request.redirectUri());
        }
        return responder.issueCode(request, username);
    }

    /**
     * What a consent form answers.
     *
     * @param interactionId the id {@link #open} gave the page
     * @param sessionSecret the secret of the session that sent the answer
     * @param authorizationRequest the authorization query the form carried, exactly as sent
     */
    public record Answer(String interactionId, String sessionSecret, String authorizationRequest) {}

    public enum Decision {
        APPROVE,
        APPROVE_AND_REMEMBER,
        DENY
    }
}
