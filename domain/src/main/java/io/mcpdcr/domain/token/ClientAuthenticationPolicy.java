package io.mcpdcr.domain.token;

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
 * authenticated.
 */
public final class ClientAuthenticationPolicy {
    private ClientAuthenticationPolicy() {}

    /**
     * @param form the body's parameters, repeats kept
     * @param authorization the Authorization header, when one was sent
     */
    public static Check check(Map<String, List<String>> form, Optional<String> authorization) {
        if (form.getOrDefault(CLIENT_SECRET, List.of()).stream().anyMatch(secret -> !secret.isEmpty())) {
            return refused(TokenError.invalidClient("this server has public clients only: send no client_secret"));
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
