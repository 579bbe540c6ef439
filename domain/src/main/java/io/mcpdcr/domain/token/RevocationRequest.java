package io.mcpdcr.domain.token;

import static io.mcpdcr.domain.oauth.OAuthParameterNames.TOKEN;

import io.mcpdcr.domain.oauth.RequestParameters;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A well-formed RFC 7009 §2.1 revocation request; token_type_hint is ignored, as §2.1 allows. */
public record RevocationRequest(ClientAuthentication client, String token) {
    public RevocationRequest {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(token, "token");
    }

    /**
     * The request, checked in order: the client's credentials, no repeated parameter, a token, a client_id.
     *
     * @param authorization the Authorization header, when one was sent
     */
    public static Parsed<RevocationRequest> parse(Map<String, List<String>> form, Optional<String> authorization) {
        ClientAuthenticationPolicy.Check client = ClientAuthenticationPolicy.check(form, authorization);
        if (client instanceof ClientAuthenticationPolicy.Check.Refused refused) {
            return new Parsed.Invalid<>(refused.error());
        }
        Optional<String> repeated = RequestParameters.repeated(form);
        if (repeated.isPresent()) {
            return invalid(repeated.get());
        }
        Optional<String> token = RequestParameters.value(form, TOKEN);
        if (token.isEmpty()) {
            return invalid("token is required");
        }
        if (!(client instanceof ClientAuthenticationPolicy.Check.Named named)) {
            return invalid("client_id is required");
        }
        return new Parsed.Valid<>(new RevocationRequest(named.client(), token.get()));
    }

    private static Parsed<RevocationRequest> invalid(String description) {
        return new Parsed.Invalid<>(TokenError.invalidRequest(description));
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "RevocationRequest[client=" + client + "]";
    }
}
