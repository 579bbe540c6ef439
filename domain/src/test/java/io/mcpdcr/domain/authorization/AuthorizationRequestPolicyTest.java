package io.mcpdcr.domain.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientMetadata;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.registration.RegistrationSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizationRequestPolicyTest {
    private static final String CLIENT = "client-1";
    private static final String CALLBACK = "https://app.example/cb";
    private static final String LOOPBACK = "http://127.0.0.1/cb";
    private static final String RESOURCE = "https://mcp.example.com/mcp";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";   // RFC 7636 Appendix B
    private static final String STATE = "af0ifjsldkj";

    private final AuthorizationRequestPolicy policy =
            new AuthorizationRequestPolicy(ScopeSet.parse("mcp profile"), Set.of(RESOURCE));

    /** A request's parameters as the query parser hands them over: name → every value, in order. */
    static final class Params {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        static Params valid() {
            return new Params()
                    .set("response_type", "code")
                    .set("client_id", CLIENT)
                    .set("redirect_uri", CALLBACK)
                    .set("code_challenge", CHALLENGE)
                    .set("code_challenge_method", "S256")
                    .set("scope", "mcp")
                    .set("resource", RESOURCE)
                    .set("state", STATE);
        }

        Params set(String name, String... vals) {
            values.put(name, new ArrayList<>(List.of(vals)));
            return this;
        }

        Params without(String name) {
            values.remove(name);
            return this;
        }

        Map<String, List<String>> map() {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            values.forEach((name, vals) -> copy.put(name, List.copyOf(vals)));
            return copy;
        }
    }

    private static ClientRegistration client(String... redirectUris) {
        var metadata = new ClientMetadata("Inspector", List.of(redirectUris), List.of("authorization_code", "refresh_token"),
                List.of("code"), "none", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty());
        return new ClientRegistration(new ClientId(CLIENT), metadata, Instant.parse("2026-03-01T09:30:00Z"),
                new RegistrationSource("192.0.2.1", Optional.empty()));
    }

    private static final ClientRegistration ONE_URI = client(CALLBACK);
    private static final ClientRegistration TWO_URIS = client(CALLBACK, LOOPBACK);

    private static Arguments row(String label, UnaryOperator<Params> change, ClientRegistration client, String reason) {
        return Arguments.of(label, change, Optional.ofNullable(client), reason);
    }

    // RFC 6749 §4.1.2.1: a missing, invalid or mismatching redirect URI or client_id must not redirect
    static Stream<Arguments> untrusted() {
        return Stream.of(
                row("client_id missing", p -> p.without("client_id"), ONE_URI, "client_id is required"),
                row("client_id without value", p -> p.set("client_id"), ONE_URI, "client_id is required"),
                row("client_id repeated", p -> p.set("client_id", CLIENT, CLIENT), ONE_URI, "client_id must not be repeated"),
                row("client_id repeated with another", p -> p.set("client_id", CLIENT, "other"), ONE_URI,
                        "client_id must not be repeated"),
                row("unknown client", p -> p, null, "the client is unknown"),
                row("unknown client, everything else wrong too",
                        p -> p.set("response_type", "token").without("code_challenge").set("redirect_uri", "https://evil.example/"),
                        null, "the client is unknown"),
                row("redirect_uri repeated", p -> p.set("redirect_uri", CALLBACK, CALLBACK), ONE_URI,
                        "redirect_uri must not be repeated"),
                row("redirect_uri repeated, one of them foreign", p -> p.set("redirect_uri", CALLBACK, "https://evil.example/cb"),
                        ONE_URI, "redirect_uri must not be repeated"),
                row("redirect_uri mismatched", p -> p.set("redirect_uri", "https://evil.example/cb"), ONE_URI,
                        "redirect_uri does not match any redirect URI registered for this client"),
                row("redirect_uri differs by a trailing slash", p -> p.set("redirect_uri", CALLBACK + "/"), ONE_URI,
                        "redirect_uri does not match"),
                row("redirect_uri with an added query", p -> p.set("redirect_uri", CALLBACK + "?next=evil"), ONE_URI,
                        "redirect_uri does not match"),
                row("redirect_uri empty", p -> p.set("redirect_uri", ""), ONE_URI, "redirect_uri does not match"),
                row("redirect_uri loopback on https with a port", p -> p.set("redirect_uri", "https://127.0.0.1:5000/cb"),
                        TWO_URIS, "redirect_uri does not match"),
                row("redirect_uri missing, several registered", p -> p.without("redirect_uri"), TWO_URIS,
                        "redirect_uri is required: the client registered more than one"),
                row("redirect_uri mismatched, others broken too",
                        p -> p.set("redirect_uri", "https://evil.example/cb").set("response_type", "token", "token"),
                        ONE_URI, "redirect_uri does not match"));
    }

    @ParameterizedTest(name = "untrusted, never redirected: {0}")
    @MethodSource("untrusted")
    void untrustedRequestsAreShownNotRedirected(
            String label, UnaryOperator<Params> change, Optional<ClientRegistration> client, String reason) {
        AuthorizationCheck check = policy.check(change.apply(Params.valid()).map(), client);

        assertThat(check).isInstanceOfSatisfying(AuthorizationCheck.Untrusted.class, untrusted -> {
            assertThat(untrusted.error().code().wire()).isEqualTo("invalid_request");
            assertThat(untrusted.error().description()).contains(reason);
        });
    }

    // RFC 6749 §4.1.2.1: once the redirect URI is verified, errors go back to it with the state
    static Stream<Arguments> refused() {
        return Stream.of(
                // RFC 6749 §3.1: parameters must not be included more than once
                refusal("scope repeated", p -> p.set("scope", "mcp", "mcp"), "invalid_request", "scope must not be repeated"),
                refusal("response_type repeated", p -> p.set("response_type", "code", "code"), "invalid_request",
                        "response_type must not be repeated"),
                refusal("code_challenge repeated", p -> p.set("code_challenge", CHALLENGE, CHALLENGE), "invalid_request",
                        "code_challenge must not be repeated"),
                refusal("code_challenge_method repeated", p -> p.set("code_challenge_method", "S256", "S256"),
                        "invalid_request", "code_challenge_method must not be repeated"),
                refusal("resource repeated", p -> p.set("resource", RESOURCE, RESOURCE), "invalid_request",
                        "resource must not be repeated"),
                refusal("an unknown parameter repeated", p -> p.set("prompt", "login", "consent"), "invalid_request",
                        "prompt must not be repeated"),
                // RFC 6749 §4.1.1 and §4.1.2.1
                refusal("response_type missing", p -> p.without("response_type"), "invalid_request",
                        "response_type is required"),
                refusal("response_type empty", p -> p.set("response_type", ""), "invalid_request",
                        "response_type is required"),
                refusal("response_type token", p -> p.set("response_type", "token"), "unsupported_response_type",
                        "response_type must be code"),
                refusal("response_type code id_token", p -> p.set("response_type", "code id_token"),
                        "unsupported_response_type", "response_type must be code"),
                refusal("response_type CODE", p -> p.set("response_type", "CODE"), "unsupported_response_type",
                        "response_type must be code"),
                // RFC 7636 §4.4.1, OAuth 2.1 §4.1.1: PKCE with S256 is mandatory
                refusal("code_challenge missing", p -> p.without("code_challenge"), "invalid_request",
                        "code_challenge is required"),
                refusal("code_challenge empty", p -> p.set("code_challenge", ""), "invalid_request",
                        "code_challenge is required"),
                refusal("code_challenge_method missing", p -> p.without("code_challenge_method"), "invalid_request",
                        "code_challenge_method must be S256"),
                refusal("code_challenge_method plain", p -> p.set("code_challenge_method", "plain"), "invalid_request",
                        "code_challenge_method must be S256 (plain is not supported)"),
                refusal("code_challenge_method s256", p -> p.set("code_challenge_method", "s256"), "invalid_request",
                        "code_challenge_method must be S256"),
                refusal("code_challenge too short", p -> p.set("code_challenge", CHALLENGE.substring(1)), "invalid_request",
                        "code_challenge must be the 43-character base64url S256 hash"),
                refusal("code_challenge too long", p -> p.set("code_challenge", CHALLENGE + "A"), "invalid_request",
                        "code_challenge must be the 43-character base64url S256 hash"),
                refusal("code_challenge padded", p -> p.set("code_challenge", CHALLENGE.substring(1) + "="),
                        "invalid_request", "code_challenge must be the 43-character base64url S256 hash"),
                refusal("code_challenge in base64, not base64url", p -> p.set("code_challenge", CHALLENGE.replace('-', '+')),
                        "invalid_request", "code_challenge must be the 43-character base64url S256 hash"),
                // RFC 6749 §3.3 and §4.1.2.1
                refusal("scope with a quote", p -> p.set("scope", "mcp \"x\""), "invalid_scope", "scope is malformed"),
                refusal("scope with a backslash", p -> p.set("scope", "mcp\\"), "invalid_scope", "scope is malformed"),
                refusal("scope with a tab", p -> p.set("scope", "mcp\tprofile"), "invalid_scope", "scope is malformed"),
                refusal("scope with a non-ASCII letter", p -> p.set("scope", "mcpé"), "invalid_scope", "scope is malformed"),
                refusal("scope unknown", p -> p.set("scope", "admin"), "invalid_scope",
                        "scope names a scope this server does not grant; supported: mcp profile offline_access"),
                refusal("scope partly unknown", p -> p.set("scope", "mcp admin"), "invalid_scope",
                        "scope names a scope this server does not grant"),
                refusal("scope in another case", p -> p.set("scope", "MCP"), "invalid_scope",
                        "scope names a scope this server does not grant"),
                // RFC 8707 §2: an absolute URI without a fragment, one this server issues tokens for
                refusal("resource relative", p -> p.set("resource", "/mcp"), "invalid_target",
                        "resource must be an absolute URI without a fragment"),
                refusal("resource without a scheme", p -> p.set("resource", "//mcp.example.com/mcp"), "invalid_target",
                        "resource must be an absolute URI without a fragment"),
                refusal("resource with a fragment", p -> p.set("resource", RESOURCE + "#tools"), "invalid_target",
                        "resource must be an absolute URI without a fragment"),
                refusal("resource with an empty fragment", p -> p.set("resource", RESOURCE + "#"), "invalid_target",
                        "resource must be an absolute URI without a fragment"),
                refusal("resource not a URI", p -> p.set("resource", "https://mcp.example.com/%zz"), "invalid_target",
                        "resource must be an absolute URI without a fragment"),
                refusal("resource with a space", p -> p.set("resource", "https://mcp example.com/"), "invalid_target",
                        "resource must be"),
                refusal("resource not configured", p -> p.set("resource", "https://other.example/mcp"), "invalid_target",
                        "resource is not a resource this server issues tokens for"),
                refusal("resource differing by a trailing slash", p -> p.set("resource", RESOURCE + "/"), "invalid_target",
                        "resource is not a resource this server issues tokens for"));
    }

    private static Arguments refusal(String label, UnaryOperator<Params> change, String code, String reason) {
        return Arguments.of(label, change, code, reason);
    }

    @ParameterizedTest(name = "refused to the redirect URI: {0} → {2}")
    @MethodSource("refused")
    void refusedRequestsGoBackToTheVerifiedRedirectUriWithState(
            String label, UnaryOperator<Params> change, String code, String reason) {
        AuthorizationCheck check = policy.check(change.apply(Params.valid()).map(), Optional.of(ONE_URI));

        assertThat(check).isInstanceOfSatisfying(AuthorizationCheck.Refused.class, refused -> {
            assertThat(refused.redirectUri()).isEqualTo(CALLBACK);
            assertThat(refused.state()).contains(STATE);
            assertThat(refused.error().code().wire()).isEqualTo(code);
            assertThat(refused.error().description()).contains(reason);
        });
    }

    @Test
    void refusalGoesToTheLoopbackPortTheClientAskedFor() {
        var params = Params.valid().set("redirect_uri", "http://127.0.0.1:51004/cb").set("code_challenge_method", "plain");

        AuthorizationCheck check = policy.check(params.map(), Optional.of(TWO_URIS));

        assertThat(check).isInstanceOfSatisfying(AuthorizationCheck.Refused.class,
                refused -> assertThat(refused.redirectUri()).isEqualTo("http://127.0.0.1:51004/cb"));
    }

    @Test
    void refusalGoesToTheSingleRegisteredUriWhenNoneWasNamed() {
        var params = Params.valid().without("redirect_uri").set("response_type", "token");

        AuthorizationCheck check = policy.check(params.map(), Optional.of(ONE_URI));

        assertThat(check).isEqualTo(new AuthorizationCheck.Refused(CALLBACK,
                AuthorizationError.unsupportedResponseType("response_type must be code"), Optional.of(STATE)));
    }

    @Test
    void repeatedStateIsRefusedWithoutEchoingEitherValue() {
        var params = Params.valid().set("state", "one", "two");

        AuthorizationCheck check = policy.check(params.map(), Optional.of(ONE_URI));

        assertThat(check).isEqualTo(new AuthorizationCheck.Refused(CALLBACK,
                AuthorizationError.invalidRequest("state must not be repeated"), Optional.empty()));
    }

    @Test
    void refusalWithoutStateCarriesNone() {
        var params = Params.valid().without("state").without("code_challenge");

        AuthorizationCheck check = policy.check(params.map(), Optional.of(ONE_URI));

        assertThat(check).isInstanceOfSatisfying(AuthorizationCheck.Refused.class,
                refused -> assertThat(refused.state()).isEmpty());
    }

    @Test
    void validRequestCarriesEveryField() {
        AuthorizationCheck check = policy.check(Params.valid().map(), Optional.of(ONE_URI));

        assertThat(check).isEqualTo(new AuthorizationCheck.Valid(new AuthorizationRequest(new ClientId(CLIENT), CALLBACK,
                true, CHALLENGE, ScopeSet.parse("mcp"), Optional.of(RESOURCE), Optional.of(STATE))));
    }

    @Test
    void singleRegisteredRedirectUriIsUsedWhenNoneIsNamed() {
        // RFC 6749 §3.1.2.3: with one registered URI the parameter is optional; the token request then need not repeat it
        AuthorizationCheck check = policy.check(Params.valid().without("redirect_uri").map(), Optional.of(ONE_URI));

        assertThat(check).isInstanceOfSatisfying(AuthorizationCheck.Valid.class, valid -> {
            assertThat(valid.request().redirectUri()).isEqualTo(CALLBACK);
            assertThat(valid.request().redirectUriGiven()).isFalse();
        });
    }

    @ParameterizedTest(name = "client with two URIs may name {0}")
    @ValueSource(strings = {CALLBACK, LOOPBACK, "http://127.0.0.1:6274/cb", "http://127.0.0.1:1/cb"})
    void namedRedirectUriIsKeptExactlyAsRequested(String redirectUri) {
        AuthorizationCheck check = policy.check(Params.valid().set("redirect_uri", redirectUri).map(), Optional.of(TWO_URIS));

        assertThat(check).isInstanceOfSatisfying(AuthorizationCheck.Valid.class, valid -> {
            assertThat(valid.request().redirectUri()).isEqualTo(redirectUri);
            assertThat(valid.request().redirectUriGiven()).isTrue();
        });
    }

    @ParameterizedTest(name = "scope \"{0}\" grants {1}")
    @CsvSource(delimiter = '|', textBlock = """
        ''              | mcp profile
        '  '            | mcp profile
        mcp             | mcp
        profile         | profile
        profile mcp     | profile mcp
        mcp  profile    | mcp profile
        mcp mcp         | mcp
        """)
    void grantsTheRequestedScopesOrAllWhenNoneAreNamed(String scope, String granted) {
        AuthorizationCheck check = policy.check(Params.valid().set("scope", scope).map(), Optional.of(ONE_URI));

        assertThat(check).isInstanceOfSatisfying(AuthorizationCheck.Valid.class,
                valid -> assertThat(valid.request().scopes()).isEqualTo(ScopeSet.parse(granted)));
    }

    @Test
    void grantsOfflineAccessToAClientThatMayRefresh() {
        AuthorizationCheck check = policy.check(Params.valid().set("scope", "mcp offline_access").map(),
                Optional.of(ONE_URI));

        assertThat(check).isInstanceOfSatisfying(AuthorizationCheck.Valid.class, valid -> assertThat(
                valid.request().scopes()).isEqualTo(ScopeSet.parse("mcp offline_access")));
    }

    @Test
    void dropsOfflineAccessSilentlyForAClientThatMayNotRefresh() {
        var metadata = ONE_URI.metadata();
        var noRefresh = new ClientRegistration(ONE_URI.id(), new ClientMetadata(metadata.clientName(),
                metadata.redirectUris(), List.of("authorization_code"), metadata.responseTypes(), "none",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty()), ONE_URI.issuedAt(), ONE_URI.source());

        AuthorizationCheck check = policy.check(Params.valid().set("scope", "mcp offline_access").map(),
                Optional.of(noRefresh));

        assertThat(check).isInstanceOfSatisfying(AuthorizationCheck.Valid.class,
                valid -> assertThat(valid.request().scopes()).isEqualTo(ScopeSet.parse("mcp")));
    }

    @Test
    void grantsEverySupportedScopeWhenTheParameterIsAbsent() {
        AuthorizationCheck check = policy.check(Params.valid().without("scope").map(), Optional.of(ONE_URI));

        assertThat(check).isInstanceOfSatisfying(AuthorizationCheck.Valid.class,
                valid -> assertThat(valid.request().scopes()).isEqualTo(policy.supportedScopes()));
    }

    @Test
    void resourceAndStateAreOptional() {
        AuthorizationCheck check =
                policy.check(Params.valid().without("resource").without("state").map(), Optional.of(ONE_URI));

        assertThat(check).isInstanceOfSatisfying(AuthorizationCheck.Valid.class, valid -> {
            assertThat(valid.request().resource()).isEmpty();
            assertThat(valid.request().state()).isEmpty();
        });
    }

    @ParameterizedTest(name = "without a configured list, accepts resource {0}")
    @ValueSource(strings = {"https://mcp.example.com/mcp", "https://any.example/", "urn:example:mcp", "http://localhost:3000/mcp"})
    void emptyResourceListAcceptsAnyAbsoluteUri(String resource) {
        var open = new AuthorizationRequestPolicy(ScopeSet.parse("mcp"), Set.of());

        AuthorizationCheck check = open.check(Params.valid().set("resource", resource).map(), Optional.of(ONE_URI));

        assertThat(check).isInstanceOfSatisfying(AuthorizationCheck.Valid.class,
                valid -> assertThat(valid.request().resource()).contains(resource));
    }

    @ParameterizedTest(name = "without a configured list, still refuses resource {0}")
    @ValueSource(strings = {"/mcp", "mcp", "https://mcp.example.com/mcp#x"})
    void emptyResourceListStillRefusesRelativeOrFragment(String resource) {
        var open = new AuthorizationRequestPolicy(ScopeSet.parse("mcp"), Set.of());

        assertThat(open.resourceProblem(resource)).contains("resource must be an absolute URI without a fragment");
    }

    @Test
    void clientIdOfNamesExactlyOneNonBlankIdentifier() {
        assertThat(AuthorizationRequestPolicy.clientIdOf(Map.of("client_id", List.of(CLIENT)))).contains(new ClientId(CLIENT));
        assertThat(AuthorizationRequestPolicy.clientIdOf(Map.of())).isEmpty();
        assertThat(AuthorizationRequestPolicy.clientIdOf(Map.of("client_id", List.of()))).isEmpty();
        assertThat(AuthorizationRequestPolicy.clientIdOf(Map.of("client_id", List.of(" ")))).isEmpty();
        assertThat(AuthorizationRequestPolicy.clientIdOf(Map.of("client_id", List.of(CLIENT, CLIENT)))).isEmpty();
    }
}
