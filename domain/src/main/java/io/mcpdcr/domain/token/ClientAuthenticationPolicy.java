package io.mcpdcr.domain.token;

import static io.mcpdcr.domain.oauth.OAuthParameterNames.CLIENT_ASSERTION;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.CLIENT_ASSERTION_TYPE;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.CLIENT_ID;
import static io.mcpdcr.domain.oauth.OAuthParameterNames.CLIENT_SECRET;

import io.mcpdcr.domain.oauth.BasicCredentials;
import io.mcpdcr.domain.oauth.RequestParameters;
import io.mcpdcr.domain.registration.ClientId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who the client at the token or revocation endpoint says it is: the body's client_id, or the user name of HTTP Basic
 * (RFC 6749 §2.3.1). Public clients have no secret: they send an empty password in Basic, and a secret there or as
 * {@code client_secret} in the body is refused (RFC 6749 §5.2), since the client would otherwise believe it
 * authenticated. A private_key_jwt client sends {@code client_assertion_type} and {@code client_assertion} (RFC 7523
 * §2.2) with its client_id in the body, and no Authorization header: one method per request (RFC 6749 §2.3). Whether
 * the client must, or must not, send an assertion depends on its metadata, so the use cases decide that.
 */
public final class ClientAuthenticationPolicy {
    private ClientAuthenticationPolicy() {}

    /** The one client_assertion_type (RFC 7523 §2.2). */
    public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /**
     * @param form the body's parameters, repeats kept
     * @param authorization the Authorization header, when one was sent
     */
    public static Check check(Map<String, List<String>> form, Optional<String> authorization) {
        if (form.getOrDefault(CLIENT_SECRET, List.of()).stream().anyMatch(secret -> !secret.isEmpty())) {
            return refused(TokenError.invalidClient("this server has public clients only: send no client_secret"));
        }
        Optional<String> assertionType = RequestParameters.value(form, CLIENT_ASSERTION_TYPE);
        Optional<String> assertion = RequestParameters.value(form, CLIENT_ASSERTION);
        if (assertionType.isPresent() || assertion.isPresent()) {
            return asserted(form, authorization, assertionType, assertion);
        }
        if (authorization.isEmpty()) {
            return named(RequestParameters.value(form, CLIENT_ID));
        }
        Optional<BasicCredentials> basic = BasicCredentials.of(authorization.get());
        if (basic.isEmpty()) {
            return refused(TokenError.invalidClient("the Authorization header must use the Basic scheme"));
        }
        if (!basic.get().secret().isEmpty()) {
            return refused(TokenError.invalidClient(
                    "this server has public clients only: send an empty password in HTTP Basic, or no header"));
        }
        List<String> ids = form.getOrDefault(CLIENT_ID, List.of());
        if (!ids.isEmpty() && !ids.contains(basic.get().id())) {
            return refused(TokenError.invalidRequest("client_id differs between the Authorization header and the body"));
        }
        return named(Optional.of(basic.get().id()).filter(id -> !id.isBlank()));
    }

    private static Check asserted(Map<String, List<String>> form, Optional<String> authorization,
            Optional<String> assertionType, Optional<String> assertion) {
        if (authorization.isPresent()) {
            return refused(TokenError.invalidRequest(
                    "use one client authentication method: a client_assertion and no Authorization header"));
        }
        if (!assertionType.equals(Optional.of(JWT_BEARER))) {
            return refused(TokenError.invalidClient("client_assertion_type must be " + JWT_BEARER));
        }
        if (assertion.isEmpty()) {
            return refused(TokenError.invalidClient("client_assertion is required with client_assertion_type"));
        }
        // The client_id finds the keys that verify the assertion; the assertion's iss and sub must then equal it.
        return RequestParameters.value(form, CLIENT_ID)
                .<Check>map(id -> new Check.Named(new ClientAuthentication.Assertion(new ClientId(id), assertion.get())))
                .orElseGet(Check.Unnamed::new);
    }

    private static Check named(Optional<String> clientId) {
        return clientId.<Check>map(id -> new Check.Named(new ClientAuthentication.None(new ClientId(id))))
                .orElseGet(Check.Unnamed::new);
    }

    private static Check refused(TokenError error) {
        return new Check.Refused(error);
    }

    /** The verdict on the client's credentials. */
    public sealed interface Check {
        record Named(ClientAuthentication client) implements Check {}

        /** Nothing names the client: the request is refused for it once its other parameters have been read. */
        record Unnamed() implements Check {}

        record Refused(TokenError error) implements Check {}
    }
}
