package io.mcpdcr.application.fakes;

import io.mcpdcr.application.authorization.AuthorizationStep;
import io.mcpdcr.application.authorization.AuthorizationResponder;
import io.mcpdcr.application.authorization.DecideConsent;
import io.mcpdcr.application.authorization.OAuthSettings;
import io.mcpdcr.application.authorization.StartAuthorization;
import io.mcpdcr.application.token.ClientAuthenticator;
import io.mcpdcr.application.token.GrantingClient;
import io.mcpdcr.application.token.IntrospectToken;
import io.mcpdcr.application.token.RedeemAuthorizationCode;
import io.mcpdcr.application.token.RefuseIncompleteGrant;
import io.mcpdcr.application.token.RevokeToken;
import io.mcpdcr.application.token.RotateRefreshToken;
import io.mcpdcr.application.token.TokenMinter;
import io.mcpdcr.application.token.TokenOutcome;
import io.mcpdcr.application.token.TokenResponse;
import io.mcpdcr.domain.authorization.AuthorizationRequestPolicy;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientMetadata;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.registration.RegistrationSource;
import io.mcpdcr.domain.token.AudiencePolicy;
import io.mcpdcr.domain.token.CodeGrant;
import io.mcpdcr.domain.token.Parsed;
import io.mcpdcr.domain.token.RefreshGrant;
import io.mcpdcr.domain.token.RevocationRequest;
import io.mcpdcr.domain.token.TokenError;
import io.mcpdcr.domain.token.TokenRequestCheck;
import io.mcpdcr.domain.token.TokenRequestPolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole authorization-code flow wired on the in-memory fakes and a {@link MutableClock}, with helpers that walk a
 * client through it. One fixture per test: nothing is shared.
 */
public final class FlowFixture {
    public static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");
    public static final String ISSUER = "https://auth.example.com";
    public static final OAuthSettings SETTINGS = new OAuthSettings(
            ISSUER, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(30), Duration.ofHours(8));
    public static final String SUPPORTED_SCOPES = "mcp profile";
    public static final String RESOURCE = "https://mcp.example.com/mcp";
    public static final String OTHER_RESOURCE = "https://files.example.com/mcp";
    public static final String CALLBACK = "https://app.example/cb";
    // RFC 7636 Appendix B
    public static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    public static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    public static final String STATE = "af0ifjsldkj";
    public static final String ALICE = "alice";
    public static final List<String> BOTH_GRANTS = List.of("authorization_code", "refresh_token");
    public static final List<String> CODE_GRANT_ONLY = List.of("authorization_code");

    public final MutableClock clock = new MutableClock(NOW);
    public final InMemoryClientRegistry clients = new InMemoryClientRegistry();
    public final InMemoryOAuthStores stores = new InMemoryOAuthStores();
    public final RecordingAuditLog audit = new RecordingAuditLog();
    public final AuthorizationRequestPolicy policy =
            new AuthorizationRequestPolicy(ScopeSet.parse(SUPPORTED_SCOPES), Set.of(RESOURCE, OTHER_RESOURCE));
    private final AuthorizationResponder responder =
            new AuthorizationResponder(clients, policy, stores, clock, new SecureRandom(), SETTINGS, audit);
    public final StartAuthorization startAuthorization = new StartAuthorization(responder, stores);
    public final DecideConsent decideConsent = new DecideConsent(responder, stores, stores, clock, new SecureRandom());
    public final TokenMinter minter = minter(AudiencePolicy.withoutDefault(), SETTINGS);
    public final FakeClientAssertions assertions = new FakeClientAssertions();
    public final ClientAuthenticator authenticator =
            new ClientAuthenticator(assertions, assertions, List.of(ISSUER), clock);
    private final GrantingClient grantingClient = new GrantingClient(clients, authenticator);
    public final RevokeToken revokeToken = new RevokeToken(clients, authenticator, stores, audit, clock);
    public final IntrospectToken introspectToken = new IntrospectToken(stores, stores, clock);

    /** A minter on this fixture's stores and clock, with another audience policy or other lifetimes. */
    public TokenMinter minter(AudiencePolicy audience, OAuthSettings settings) {
        return new TokenMinter(clients, stores, clock, new SecureRandom(), settings, policy, audience, audit);
    }

    /** The token endpoint's walk: the form checked by {@link TokenRequestPolicy}, then the grant's use case. */
    public TokenOutcome exchange(Params tokenRequest) {
        return exchange(tokenRequest, minter);
    }

    /** {@link #exchange(Params)} with tokens made by another minter. */
    public TokenOutcome exchange(Params tokenRequest, TokenMinter tokenMinter) {
        TokenRequestCheck check = TokenRequestPolicy.check(tokenRequest.map(), Optional.empty());
        if (check instanceof CodeGrant code) {
            return new RedeemAuthorizationCode(grantingClient, stores, stores, clock, tokenMinter).redeem(code, "192.0.2.1");
        }
        if (check instanceof RefreshGrant refresh) {
            return new RotateRefreshToken(grantingClient, stores, clock, tokenMinter).rotate(refresh, "192.0.2.1");
        }
        if (check instanceof TokenRequestCheck.Incomplete incomplete) {
            return new RefuseIncompleteGrant(grantingClient).refuse(incomplete, "192.0.2.1");
        }
        return new TokenOutcome.Refused(((TokenRequestCheck.Invalid) check).error());
    }

    /** The revocation endpoint's walk: the form parsed, then {@link RevokeToken}; empty when the request was valid. */
    public Optional<TokenError> revoke(Params revocation) {
        Parsed<RevocationRequest> parsed = RevocationRequest.parse(revocation.map(), Optional.empty());
        return parsed instanceof Parsed.Valid<RevocationRequest> valid
                ? revokeToken.revoke(valid.request())
                : Optional.of(((Parsed.Invalid<RevocationRequest>) parsed).error());
    }

    /** Registers a public client with the given grant types and redirect URIs. */
    public ClientRegistration register(String clientId, List<String> grantTypes, String... redirectUris) {
        var metadata = new ClientMetadata("Test client " + clientId, List.of(redirectUris), grantTypes, List.of("code"),
                "none", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty());
        var client = new ClientRegistration(
                new ClientId(clientId), metadata, NOW, new RegistrationSource("192.0.2.1", Optional.empty()));
        clients.add(client);
        return client;
    }

    /** Registers a client with both grants and {@link #CALLBACK} as its only redirect URI. */
    public ClientRegistration register(String clientId) {
        return register(clientId, BOTH_GRANTS, CALLBACK);
    }

    /** A valid authorization request of the client for scope mcp at {@link #RESOURCE}, naming its first redirect URI. */
    public static Params authorizeRequest(ClientRegistration client) {
        return new Params()
                .set("response_type", "code")
                .set("client_id", client.id().value())
                .set("redirect_uri", client.metadata().redirectUris().get(0))
                .set("code_challenge", CHALLENGE)
                .set("code_challenge_method", "S256")
                .set("scope", "mcp")
                .set("resource", RESOURCE)
                .set("state", STATE);
    }

    /** The user approves the request on the consent page; answers the redirect's parameters. */
    public Map<String, String> approve(Params request, String username) {
        AuthorizationStep step = decide(request, username, DecideConsent.Decision.APPROVE);
        if (!(step instanceof AuthorizationStep.Redirect redirect)) {
            throw new AssertionError("expected a redirect with a code, got " + step);
        }
        return query(redirect.location());
    }

    /** The user answers a consent page just shown for the request, in a session of their own. */
    public AuthorizationStep decide(Params request, String username, DecideConsent.Decision decision) {
        return decide(request.map(), username, decision);
    }

    /** The user answers a consent page just shown for the request, in a session of their own. */
    public AuthorizationStep decide(Map<String, List<String>> request, String username, DecideConsent.Decision decision) {
        String session = "session of " + username;
        String query = request.toString();
        String interaction = decideConsent.open(session, query);
        return decideConsent.decide(
                new DecideConsent.Answer(interaction, session, query), request, username, decision, "192.0.2.1");
    }

    /** Walks the client through the default request and approval; answers the code. */
    public String code(ClientRegistration client) {
        return approve(authorizeRequest(client), ALICE).get("code");
    }

    /** A token request redeeming {@code code} with the right verifier and redirect URI. */
    public static Params redeemRequest(ClientRegistration client, String code) {
        return new Params()
                .set("grant_type", "authorization_code")
                .set("client_id", client.id().value())
                .set("code", code)
                .set("redirect_uri", client.metadata().redirectUris().get(0))
                .set("code_verifier", VERIFIER);
    }

    public static Params refreshRequest(ClientRegistration client, String refreshToken) {
        return new Params()
                .set("grant_type", "refresh_token")
                .set("client_id", client.id().value())
                .set("refresh_token", refreshToken);
    }

    /** Issues tokens, failing the test with the refusal if there is one. */
    public TokenResponse tokens(Params tokenRequest) {
        TokenOutcome outcome = exchange(tokenRequest);
        if (!(outcome instanceof TokenOutcome.Issued issued)) {
            throw new AssertionError("expected tokens, got " + outcome);
        }
        return issued.response();
    }

    /** A fresh code redeemed for tokens. */
    public TokenResponse tokens(ClientRegistration client) {
        return tokens(redeemRequest(client, code(client)));
    }

    /** The decoded query parameters of a redirect location. */
    public static Map<String, String> query(String location) {
        Map<String, String> params = new LinkedHashMap<>();
        String rawQuery = URI.create(location).getRawQuery();
        if (rawQuery == null) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (params.putIfAbsent(name, value) != null) {
                throw new AssertionError(name + " appears twice in " + location);
            }
        }
        return params;
    }

    /** Form or query parameters as the adapters hand them over: name → every value, in order. */
    public static final class Params {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        /** Replaces the values of {@code name}; several values make it repeated. */
        public Params set(String name, String... vals) {
            values.put(name, new ArrayList<>(List.of(vals)));
            return this;
        }

        public Params without(String name) {
            values.remove(name);
            return this;
        }

        public Map<String, List<String>> map() {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            values.forEach((name, vals) -> copy.put(name, List.copyOf(vals)));
            return copy;
        }
    }
}
