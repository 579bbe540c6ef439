package io.mcpdcr.domain.token;

import static io.mcpdcr.domain.oauth.OAuthParameterNames.CODE;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.CODE_VERIFIER;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.GRANT_TYPE;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.REDIRECT_URI;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.REFRESH_TOKEN;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.RESOURCE;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.SCOPE;
import static io.mcpdcr.domain.registration.ClientMetadataPolicy.GRANT_AUTHORIZATION_CODE;
import static io.mcpdcr.domain.registration.ClientMetadataPolicy.GRANT_REFRESH_TOKEN;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.oauth.RequestParameters;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of a token request's form (RFC 6749 §3.2, §4.1.3, §6), the sibling of
 * {@link io.mcpdcr.domain.authorization.AuthorizationRequestPolicy}, in the order they are checked: the client's
 * credentials, no repeated parameter, a supported grant_type, a client_id, then the grant's own parameters (whose
 * errors are {@link TokenRequestCheck.Incomplete}, answered after the client is found). Empty values count as absent.
 * What needs stored state (the client, the code, the refresh token) is checked by the use cases.
 */
public final class TokenRequestPolicy {
    private TokenRequestPolicy() {}

    /**
     * @param form the body's parameters, repeats kept
     * @param authorization the Authorization header, when one was sent
     */
    public static TokenRequestCheck check(Map<String, List<String>> form, Optional<String> authorization) {
        ClientAuthenticationPolicy.Check client = ClientAuthenticationPolicy.check(form, authorization);
        if (client instanceof ClientAuthenticationPolicy.Check.Refused refused) {
            return new TokenRequestCheck.Invalid(refused.error());
        }
        Optional<String> repeated = RequestParameters.repeated(form);
        if (repeated.isPresent()) {
            return invalid(repeated.get());
        }
        Optional<String> grantType = RequestParameters.value(form, GRANT_TYPE);
        if (grantType.isEmpty()) {
            return invalid("grant_type is required");
        }
        boolean code = grantType.get().equals(GRANT_AUTHORIZATION_CODE);
        if (!code && !grantType.get().equals(GRANT_REFRESH_TOKEN)) {
            return new TokenRequestCheck.Invalid(TokenError.unsupportedGrantType(
                    "grant_type must be authorization_code or refresh_token"));
        }
        if (!(client instanceof ClientAuthenticationPolicy.Check.Named named)) {
            return invalid("client_id is required");
        }
        return code ? codeGrant(form, named.client()) : refreshGrant(form, named.client());
    }

    private static TokenRequestCheck codeGrant(Map<String, List<String>> form, ClientAuthentication client) {
        Optional<String> code = RequestParameters.value(form, CODE);
        if (code.isEmpty()) {
            return incomplete(client, GRANT_AUTHORIZATION_CODE, TokenError.invalidRequest("code is required"));
        }
        Optional<String> verifier = RequestParameters.value(form, CODE_VERIFIER);
        if (verifier.isEmpty()) {
            return incomplete(client, GRANT_AUTHORIZATION_CODE,
                    TokenError.invalidRequest("code_verifier is required: PKCE is mandatory"));
        }
        return new CodeGrant(client, code.get(), verifier.get(), RequestParameters.value(form, REDIRECT_URI),
                RequestParameters.value(form, RESOURCE));
    }

    private static TokenRequestCheck refreshGrant(Map<String, List<String>> form, ClientAuthentication client) {
        Optional<String> refreshToken = RequestParameters.value(form, REFRESH_TOKEN);
        if (refreshToken.isEmpty()) {
            return incomplete(client, GRANT_REFRESH_TOKEN, TokenError.invalidRequest("refresh_token is required"));
        }
        Optional<String> scope = RequestParameters.value(form, SCOPE);
        if (scope.isPresent() && !ScopeSet.isWellFormed(scope.get())) {
            return incomplete(client, GRANT_REFRESH_TOKEN, TokenError.invalidScope("scope is malformed"));
        }
        return new RefreshGrant(client, refreshToken.get(), scope.map(ScopeSet::parse),
                RequestParameters.value(form, RESOURCE));
    }

    private static TokenRequestCheck incomplete(ClientAuthentication client, String grantType, TokenError error) {
        return new TokenRequestCheck.Incomplete(client, grantType, error);
    }

    private static TokenRequestCheck invalid(String description) {
        return new TokenRequestCheck.Invalid(TokenError.invalidRequest(description));
    }
}
