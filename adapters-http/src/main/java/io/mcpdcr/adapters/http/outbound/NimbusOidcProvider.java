package io.mcpdcr.adapters.http.outbound;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.mcpdcr.application.port.UpstreamProvider;
import io.mcpdcr.domain.identity.ExternalIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenID Connect provider through Nimbus OAuth 2.0 SDK: discovery from {@code <issuer>/.well-known/openid-configuration}
 * (fetched at the first sign-in, and again at the next one as long as it fails, so a provider down at start-up does not
 * stop the service), the code flow with PKCE, and the ID token validated in full by {@link IDTokenValidator}: signature
 * with a key of the provider's JWKS (an unknown kid refetches the set once), iss, aud, azp,
 * exp and iat within {@link #CLOCK_SKEW}, and nonce. Only the asymmetric algorithms the provider advertises are
 * accepted: {@code none} and HMAC (which a public key would "verify") never. The access token is not used or kept.
 */
public final class NimbusOidcProvider implements UpstreamProvider {
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(NimbusOidcProvider.class);
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 10_000;
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;

    private final Issuer issuer;
    private final ClientID clientId;
    private final Secret clientSecret;
    private final Scope scopes;
    private final String displayName;
    private final AtomicReference<Discovered> discovered = new AtomicReference<>();

    public NimbusOidcProvider(URI issuer, String clientId, String clientSecret, String scopes, String displayName) {
        this.issuer = new Issuer(issuer);
        this.clientId = new ClientID(clientId);
        this.clientSecret = new Secret(clientSecret);
        this.scopes = Scope.parse(scopes);
        this.displayName = displayName;
    }

    @Override
    public String id() {
        return "oidc";
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public Optional<URI> authorizationUrl(String state, String nonce, String codeChallenge, URI callback) {
        CodeChallenge challenge;
        try {
            challenge = CodeChallenge.parse(codeChallenge);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a PKCE code challenge", e);
        }
        return discovered().map(provider -> new AuthenticationRequest.Builder(ResponseType.CODE, scopes, clientId,
                        callback)
                .endpointURI(provider.metadata().getAuthorizationEndpointURI())
                .state(new State(state))
                .nonce(new Nonce(nonce))
                .codeChallenge(challenge, CodeChallengeMethod.S256)
                .build()
                .toURI());
    }

    @Override
    public Answer exchange(String code, String codeVerifier, String nonce, URI callback) {
        Optional<Discovered> provider = discovered();
        if (provider.isEmpty()) {
            return new Answer.Unavailable("discovery failed");
        }
        OIDCProviderMetadata metadata = provider.get().metadata();
        TokenRequest request = new TokenRequest(metadata.getTokenEndpointURI(), clientAuthentication(metadata),
                new AuthorizationCodeGrant(new AuthorizationCode(code), callback, new CodeVerifier(codeVerifier)));
        HTTPResponse response;
        try {
            HTTPRequest http = request.toHTTPRequest();
            http.setConnectTimeout(CONNECT_TIMEOUT_MS);
            http.setReadTimeout(READ_TIMEOUT_MS);
            response = http.send();
        } catch (IOException e) {
            LOG.warn("OpenID provider token endpoint unreachable: {}", e.getMessage());
            return new Answer.Unavailable("token endpoint unreachable");
        }
        if (response.getStatusCode() >= 500) {
            return new Answer.Unavailable("token endpoint answered " + response.getStatusCode());
        }
        TokenResponse parsed;
        try {
            parsed = OIDCTokenResponseParser.parse(response);
        } catch (ParseException e) {
            return new Answer.Rejected("unreadable token response");
        }
        if (!parsed.indicatesSuccess()) {
            TokenErrorResponse error = (TokenErrorResponse) parsed;
            return new Answer.Rejected("token endpoint refused: " + error.getErrorObject().getCode());
        }
        JWT idToken = ((OIDCTokenResponse) parsed).getOIDCTokens().getIDToken();
        if (idToken == null) {
            return new Answer.Rejected("no ID token");
        }
        try {
            IDTokenClaimsSet claims = provider.get().validator().validate(idToken, new Nonce(nonce));
            return new Answer.Verified(identity(claims));
        } catch (KeySourceException e) {
            LOG.warn("OpenID provider keys unreachable: {}", e.getMessage());
            return new Answer.Unavailable("keys unreachable");
        } catch (BadJOSEException | JOSEException e) {
            LOG.info("ID token refused: {}", e.getMessage());
            return new Answer.Rejected("ID token refused: " + e.getMessage());
        }
    }

    /** The provider's metadata and validator, discovered once; a failure is retried at the next call. */
    private Optional<Discovered> discovered() {
        Discovered known = discovered.get();
        if (known != null) {
            return Optional.of(known);
        }
        try {
            OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(issuer, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
            Discovered fresh = new Discovered(metadata, validator(metadata));
            discovered.compareAndSet(null, fresh);
            return Optional.of(discovered.get());
        } catch (GeneralException | IOException | RuntimeException e) {
            LOG.warn("OpenID provider discovery failed for {}: {}", issuer, e.getMessage());
            return Optional.empty();
        }
    }

    private IDTokenValidator validator(OIDCProviderMetadata metadata) throws IOException {
        URL jwks = metadata.getJWKSetURI().toURL();
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwks,
                        new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, JWKS_SIZE_LIMIT))
                .retrying(false)
                // The ID token comes from the token endpoint over the back channel, never from the browser, so only
                // the provider can present an unknown kid: refetch at once rather than after Nimbus's 30 s, or
                // every sign-in fails for half a minute after the provider rotates its keys.
                .rateLimited(false)
                .build();
        var validator = new IDTokenValidator(issuer, clientId, new JWSVerificationKeySelector<>(
                acceptedAlgorithms(metadata), keys), null);
        validator.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
        return validator;
    }

    /** The provider's advertised ID token algorithms that are asymmetric (RSA, EC, EdDSA); RS256 when none is. */
    static Set<JWSAlgorithm> acceptedAlgorithms(OIDCProviderMetadata metadata) {
        Set<JWSAlgorithm> accepted = new LinkedHashSet<>();
        List<JWSAlgorithm> advertised = metadata.getIDTokenJWSAlgs() == null ? List.of() : metadata.getIDTokenJWSAlgs();
        for (JWSAlgorithm algorithm : advertised) {
            if (JWSAlgorithm.Family.SIGNATURE.contains(algorithm)) {
                accepted.add(algorithm);
            }
        }
        if (accepted.isEmpty()) {
            accepted.add(JWSAlgorithm.RS256); // OpenID Connect Core §3.1.3.7: the default
        }
        return accepted;
    }

    private ClientAuthentication clientAuthentication(OIDCProviderMetadata metadata) {
        List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
        boolean postOnly = methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        return postOnly ? new ClientSecretPost(clientId, clientSecret) : new ClientSecretBasic(clientId, clientSecret);
    }

    private ExternalIdentity identity(IDTokenClaimsSet claims) {
        Map<String, Object> values = new HashMap<>();
        claims.toJSONObject().forEach((name, value) -> {
            if (value instanceof String || value instanceof Boolean || value instanceof Number) {
                values.put(name, value);
            } else if (value instanceof List<?> list) {
                values.put(name, list.stream().filter(String.class::isInstance).toList());
            }
        });
        Object verified = values.get("email_verified");
        boolean emailVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
        return new ExternalIdentity(id(), claims.getSubject().getValue(), text(values, "preferred_username"),
                text(values, "email"), emailVerified, text(values, "name"), values, Set.of());
    }

    private static Optional<String> text(Map<String, Object> values, String name) {
        return Optional.ofNullable(values.get(name)).filter(String.class::isInstance).map(String.class::cast)
                .filter(value -> !value.isBlank());
    }

    private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator) {}
}
