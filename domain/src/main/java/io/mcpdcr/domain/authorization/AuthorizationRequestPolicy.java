package io.mcpdcr.domain.authorization;

import static io.mcpdcr.domain.oauth.OAuthParameterNames.CLIENT_ID;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.CODE_CHALLENGE;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.CODE_CHALLENGE_METHOD;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.REDIRECT_URI;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.RESOURCE;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.RESPONSE_TYPE;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.SCOPE;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.STATE;

import io.mcpdcr.domain.oauth.RequestParameters;
import io.mcpdcr.domain.pkce.Pkce;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientMetadataPolicy;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of the authorization endpoint, in the order RFC 6749 §4.1.2.1 requires: first the client and its redirect
 * URI (failures are shown, never redirected), then everything else (failures go back to the verified redirect URI).
 * Parameters arrive as the query's name → values map; none may repeat ({@link RequestParameters}).
 */
public final class AuthorizationRequestPolicy {
    public static final int MAX_RESOURCE = 2000;

    private final ScopeSet supportedScopes;
    private final Set<String> allowedResources;

    /**
     * @param supportedScopes the scopes this server grants; a request naming no scope gets all of them
     * @param allowedResources the resource indicators accepted; empty accepts any absolute URI without fragment
     */
    public AuthorizationRequestPolicy(ScopeSet supportedScopes, Set<String> allowedResources) {
        this.supportedScopes = supportedScopes;
        this.allowedResources = Set.copyOf(allowedResources);
    }

    public ScopeSet supportedScopes() {
        return supportedScopes;
    }

    /** The client_id named by the request, when it names exactly one that can be an identifier. */
    public static Optional<ClientId> clientIdOf(Map<String, List<String>> params) {
        List<String> values = params.get(CLIENT_ID);
        if (values == null || values.size() != 1 || values.get(0).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ClientId(values.get(0)));
    }

    /** Checks the request against the client it names ({@code client} is empty when no such client exists). */
    public AuthorizationCheck check(Map<String, List<String>> params, Optional<ClientRegistration> client) {
        if (!params.containsKey(CLIENT_ID) || params.get(CLIENT_ID).isEmpty()) {
            return untrusted("client_id is required");
        }
        Optional<String> repeatedClientId = RequestParameters.repeated(params, CLIENT_ID);
        if (repeatedClientId.isPresent()) {
            return untrusted(repeatedClientId.get());
        }
        if (client.isEmpty()) {
            return untrusted("the client is unknown; it may have been removed, so register it again");
        }
        Optional<String> repeatedRedirectUri = RequestParameters.repeated(params, REDIRECT_URI);
        if (repeatedRedirectUri.isPresent()) {
            return untrusted(repeatedRedirectUri.get());
        }
        List<String> requestedUris = params.getOrDefault(REDIRECT_URI, List.of());
        List<String> registered = client.get().metadata().redirectUris();
        String redirectUri;
        boolean given = !requestedUris.isEmpty();
        if (given) {
            redirectUri = requestedUris.get(0);
            if (!RedirectUriMatcher.matchesAny(client.get().metadata(), redirectUri)) {
                return untrusted("redirect_uri does not match any redirect URI registered for this client");
            }
        } else if (registered.size() == 1) {
            redirectUri = registered.get(0);
        } else {
            return untrusted("redirect_uri is required: the client registered more than one");
        }
        return checkTrusted(params, client.get(), redirectUri, given);
    }

    private AuthorizationCheck checkTrusted(
            Map<String, List<String>> params, ClientRegistration client, String redirectUri, boolean given) {
        List<String> states = params.getOrDefault(STATE, List.of());
        Optional<String> state = states.size() == 1 ? Optional.of(states.get(0)) : Optional.empty();
        Optional<String> repeated = RequestParameters.repeated(params);
        if (repeated.isPresent()) {
            return refused(redirectUri, state, AuthorizationError.invalidRequest(repeated.get()));
        }
        Optional<String> responseType = single(params, RESPONSE_TYPE);
        if (responseType.isEmpty()) {
            return refused(redirectUri, state, AuthorizationError.invalidRequest("response_type is required"));
        }
        if (!responseType.get().equals(ClientMetadataPolicy.RESPONSE_TYPE_CODE)) {
            return refused(redirectUri, state,
                    AuthorizationError.unsupportedResponseType("response_type must be code"));
        }
        Optional<String> challenge = single(params, CODE_CHALLENGE);
        if (challenge.isEmpty()) {
            return refused(redirectUri, state,
                    AuthorizationError.invalidRequest("code_challenge is required: PKCE with S256 is mandatory"));
        }
        if (!single(params, CODE_CHALLENGE_METHOD).equals(Optional.of(Pkce.S256))) {
            return refused(redirectUri, state,
                    AuthorizationError.invalidRequest("code_challenge_method must be S256 (plain is not supported)"));
        }
        if (!Pkce.isValidChallenge(challenge.get())) {
            return refused(redirectUri, state, AuthorizationError.invalidRequest(
                    "code_challenge must be the 43-character base64url S256 hash of the verifier"));
        }
        Optional<String> scope = single(params, SCOPE);
        if (scope.isPresent() && !ScopeSet.isWellFormed(scope.get())) {
            return refused(redirectUri, state, AuthorizationError.invalidScope("scope is malformed"));
        }
        ScopeSet requested = scope.map(ScopeSet::parse).filter(s -> !s.isEmpty()).orElse(supportedScopes);
        ScopeSet requestable = OfflineAccessPolicy.requestable(supportedScopes);
        if (!requestable.containsAll(requested)) {
            return refused(redirectUri, state, AuthorizationError.invalidScope(
                    "scope names a scope this server does not grant; supported: " + requestable));
        }
        ScopeSet scopes = OfflineAccessPolicy.granted(requested, client.metadata());
        Optional<String> resource = single(params, RESOURCE);
        if (resource.isPresent()) {
            Optional<String> problem = resourceProblem(resource.get());
            if (problem.isPresent()) {
                return refused(redirectUri, state, AuthorizationError.invalidTarget(problem.get()));
            }
        }
        return new AuthorizationCheck.Valid(
                new AuthorizationRequest(client.id(), redirectUri, given, challenge.get(), scopes, resource, state));
    }

    /** RFC 8707 §2: an absolute URI without a fragment, and one of the configured resources when there is a list. */
    public Optional<String> resourceProblem(String resource) {
        if (resource.length() > MAX_RESOURCE || !resource.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Optional.of("resource must be an ASCII URI of at most " + MAX_RESOURCE + " characters");
        }
        try {
            URI uri = new URI(resource);
            if (!uri.isAbsolute() || uri.getRawFragment() != null) {
                return Optional.of("resource must be an absolute URI without a fragment");
            }
        } catch (URISyntaxException e) {
            return Optional.of("resource must be an absolute URI without a fragment");
        }
        if (!allowedResources.isEmpty() && !allowedResources.contains(resource)) {
            return Optional.of("resource is not a resource this server issues tokens for");
        }
        return Optional.empty();
    }

    private static Optional<String> single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static AuthorizationCheck untrusted(String description) {
        return new AuthorizationCheck.Untrusted(AuthorizationError.invalidRequest(description));
    }

    private static AuthorizationCheck refused(String redirectUri, Optional<String> state, AuthorizationError error) {
        return new AuthorizationCheck.Refused(redirectUri, error, state);
    }
}
