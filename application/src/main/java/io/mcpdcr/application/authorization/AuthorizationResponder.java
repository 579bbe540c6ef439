package io.mcpdcr.application.authorization;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.AuthorizationCodeStore;
import io.mcpdcr.application.port.ClientLookup;
import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.domain.authorization.AuthorizationCheck;
import io.mcpdcr.domain.authorization.AuthorizationCode;
import io.mcpdcr.domain.authorization.AuthorizationError;
import io.mcpdcr.domain.authorization.AuthorizationRequest;
import io.mcpdcr.domain.authorization.AuthorizationRequestPolicy;
import io.mcpdcr.domain.authorization.AuthorizationResponse;
import io.mcpdcr.domain.authorization.ErrorRedirectPolicy;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.oauth.OAuthParameterNames;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.OpaqueToken;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/** What both authorization use cases share: checking a request against its client, and answering the client. */
public final class AuthorizationResponder {
    private final ClientRegistry clients;
    private final AuthorizationRequestPolicy policy;
    private final AuthorizationCodeStore codes;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final OAuthSettings settings;
    private final AuditLog audit;

    public AuthorizationResponder(ClientRegistry clients, AuthorizationRequestPolicy policy, AuthorizationCodeStore codes,
            InstantSource clock, RandomGenerator random, OAuthSettings settings, AuditLog audit) {
        this.audit = audit;
        this.clients = clients;
        this.policy = policy;
        this.codes = codes;
        this.clock = clock;
        this.random = random;
        this.settings = settings;
    }

    /**
     * The checked request with its client, or the step that ends the flow.
     *
     * @param signedIn whether the browser has a signed-in session; without one no error is redirected automatically
     * @param requester the browser's address: looking up a metadata-document client may register it
     */
    Checked check(Map<String, List<String>> params, boolean signedIn, String requester) {
        Optional<ClientId> clientId = AuthorizationRequestPolicy.clientIdOf(params);
        ClientLookup lookup = clientId.map(id -> clients.lookup(id, requester))
                .orElseGet(() -> new ClientLookup.Unknown(Optional.empty()));
        if (lookup instanceof ClientLookup.Throttled throttled) {
            return new Checked.Ended(new AuthorizationStep.TooManyRequests(throttled.retryAfter()));
        }
        if (lookup instanceof ClientLookup.Unknown unknown && unknown.reason().isPresent()) {
            // A client identified by a document that failed: say why, and still never redirect.
            return new Checked.Ended(
                    new AuthorizationStep.ShowError(AuthorizationError.invalidRequest(unknown.reason().get())));
        }
        Optional<ClientRegistration> client = lookup instanceof ClientLookup.Found found
                ? Optional.of(found.client())
                : Optional.empty();
        AuthorizationCheck check = policy.check(params, client);
        if (check instanceof AuthorizationCheck.Untrusted untrusted) {
            return new Checked.Ended(new AuthorizationStep.ShowError(untrusted.error()));
        }
        if (check instanceof AuthorizationCheck.Refused refused) {
            AuthorizationStep.Redirect redirect = error(refused.redirectUri(), refused.state(), refused.error());
            return new Checked.Ended(ErrorRedirectPolicy.redirectsAutomatically(signedIn)
                    ? redirect
                    : new AuthorizationStep.ConfirmReturn(redirect.location(), refused.redirectUri(), refused.error()));
        }
        return new Checked.Passed(((AuthorizationCheck.Valid) check).request(), client.orElseThrow());
    }

    /** Issues a code for the approved request and redirects to the client with it. */
    AuthorizationStep.Redirect issueCode(AuthorizationRequest request, String username) {
        String code = OpaqueToken.generate(random);
        Instant now = clock.instant();
        codes.save(new AuthorizationCode(
                OpaqueToken.hash(code), request, username, now, now.plus(settings.codeLifetime())));
        audit.record(AuditEvent.codeIssued(now, request.clientId(), username));
        Map<String, String> params = new LinkedHashMap<>();
        params.put(OAuthParameterNames.CODE, code);
        request.state().ifPresent(state -> params.put(OAuthParameterNames.STATE, state));
        params.put("iss", settings.issuer());
        return new AuthorizationStep.Redirect(AuthorizationResponse.redirect(request.redirectUri(), params), false);
    }

    /** Records the event made for this moment. */
    void record(Function<Instant, AuditEvent> event) {
        audit.record(event.apply(clock.instant()));
    }

    AuthorizationStep.Redirect error(String redirectUri, Optional<String> state, AuthorizationError error) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error.code().wire());
        params.put("error_description", error.description());
        state.ifPresent(value -> params.put(OAuthParameterNames.STATE, value));
        params.put("iss", settings.issuer());
        return new AuthorizationStep.Redirect(AuthorizationResponse.redirect(redirectUri, params), true);
    }

    sealed interface Checked {
        record Passed(AuthorizationRequest request, ClientRegistration client) implements Checked {}

        record Ended(AuthorizationStep step) implements Checked {}
    }
}
