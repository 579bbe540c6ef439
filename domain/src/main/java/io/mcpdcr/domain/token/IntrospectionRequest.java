package io.mcpdcr.domain.token;

import static io.mcpdcr.domain.oauth.OAuthParameterNames.TOKEN;

import io.mcpdcr.domain.oauth.BasicCredentials;
import io.mcpdcr.domain.oauth.RequestParameters;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A well-formed RFC 7662 §2.1 introspection request from a resource server authenticated with HTTP Basic. */
public record IntrospectionRequest(BasicCredentials caller, String token) {
    public IntrospectionRequest {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(token, "token");
    }

    /**
     * The request, checked in order: Basic credentials (RFC 7662 §2.1 requires the caller to authenticate), no
     * repeated parameter, a token.
     *
     * @param authorization the Authorization header, when one was sent
     */
    public static Parsed<IntrospectionRequest> parse(Map<String, List<String>> form, Optional<String> authorization) {
        Optional<BasicCredentials> caller = authorization.flatMap(BasicCredentials::of);
        if (caller.isEmpty()) {
            return new Parsed.Invalid<>(TokenError.invalidClient("authenticate with the resource server's credentials"));
        }
        Optional<String> repeated = RequestParameters.repeated(form);
        if (repeated.isPresent()) {
            return new Parsed.Invalid<>(TokenError.invalidRequest(repeated.get()));
        }
        List<String> tokens = form.getOrDefault(TOKEN, List.of());
        if (tokens.isEmpty() || tokens.get(0).isEmpty()) {
            return new Parsed.Invalid<>(TokenError.invalidRequest("the token parameter is required"));
        }
        return new Parsed.Valid<>(new IntrospectionRequest(caller.get(), tokens.get(0)));
    }

    /** Never the token or the caller's secret. */
    @Override
    public String toString() {
        return "IntrospectionRequest[caller=" + caller + "]";
    }
}
