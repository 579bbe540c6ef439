package io.mcpdcr.domain.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientMetadataPolicyTest {
    private static final String INVALID_METADATA = "invalid_client_metadata";
    private static final String INVALID_REDIRECT = "invalid_redirect_uri";
    private static final List<String> STRING_MEMBERS = List.of("client_name", "token_endpoint_auth_method", "scope",
            "client_uri", "logo_uri", "tos_uri", "policy_uri", "software_id", "software_version", "application_type");
    private static final List<String> ARRAY_MEMBERS = List.of("redirect_uris", "grant_types", "response_types", "contacts");

    private final ClientMetadataPolicy policy = new ClientMetadataPolicy(RedirectUriPolicy.strict());

    /** The smallest registration RFC 7591 §2 allows here: a name and one redirect URI. */
    private static Map<String, Object> minimal() {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("client_name", "MCP Inspector");
        members.put("redirect_uris", List.of("http://127.0.0.1:6274/oauth/callback"));
        return members;
    }

    private static Map<String, Object> with(String member, Object value) {
        Map<String, Object> members = minimal();
        members.put(member, value);
        return members;
    }

    private ClientMetadata valid(Map<String, Object> members) {
        MetadataCheck check = policy.evaluate(members);
        assertThat(check).isInstanceOf(MetadataCheck.Valid.class);
        return ((MetadataCheck.Valid) check).metadata();
    }

    private RegistrationError invalid(Map<String, Object> members) {
        MetadataCheck check = policy.evaluate(members);
        assertThat(check).isInstanceOf(MetadataCheck.Invalid.class);
        return ((MetadataCheck.Invalid) check).error();
    }

    @Test
    void appliesDefaultsToAMinimalRegistration() {
        ClientMetadata metadata = valid(minimal());

        assertThat(metadata.clientName()).isEqualTo("MCP Inspector");
        assertThat(metadata.redirectUris()).containsExactly("http://127.0.0.1:6274/oauth/callback");
        assertThat(metadata.grantTypes()).containsExactly("authorization_code", "refresh_token");
        assertThat(metadata.responseTypes()).containsExactly("code");
        assertThat(metadata.tokenEndpointAuthMethod()).isEqualTo("none");
        assertThat(metadata.allowsRefreshTokens()).isTrue();
        assertThat(List.of(metadata.scope(), metadata.clientUri(), metadata.logoUri(), metadata.tosUri(),
                metadata.policyUri(), metadata.softwareId(), metadata.softwareVersion(), metadata.applicationType()))
                .allSatisfy(member -> assertThat(member).isEmpty());
        assertThat(metadata.contacts()).isEmpty();
    }

    @Test
    void keepsEveryRecognisedMemberAsSubmitted() {
        Map<String, Object> members = minimal();
        members.put("redirect_uris", List.of("https://app.example/cb", "http://localhost:3000/cb"));
        members.put("grant_types", List.of("authorization_code"));
        members.put("response_types", List.of("code"));
        members.put("scope", "mcp:tools offline_access");
        members.put("client_uri", "https://app.example");
        members.put("logo_uri", "https://app.example/logo.png");
        members.put("tos_uri", "https://app.example/tos");
        members.put("policy_uri", "https://app.example/privacy");
        members.put("contacts", List.of("ops@app.example", "https://app.example/support"));
        members.put("software_id", "4NRB1-0XZABZI9E6-5SM3R");
        members.put("software_version", "2.1.0");
        members.put("application_type", "native");

        ClientMetadata metadata = valid(members);

        assertThat(metadata.redirectUris()).containsExactly("https://app.example/cb", "http://localhost:3000/cb");
        assertThat(metadata.grantTypes()).containsExactly("authorization_code");
        assertThat(metadata.allowsRefreshTokens()).isFalse();
        assertThat(metadata.scope()).contains("mcp:tools offline_access");
        assertThat(metadata.clientUri()).contains("https://app.example");
        assertThat(metadata.logoUri()).contains("https://app.example/logo.png");
        assertThat(metadata.tosUri()).contains("https://app.example/tos");
        assertThat(metadata.policyUri()).contains("https://app.example/privacy");
        assertThat(metadata.contacts()).containsExactly("ops@app.example", "https://app.example/support");
        assertThat(metadata.softwareId()).contains("4NRB1-0XZABZI9E6-5SM3R");
        assertThat(metadata.softwareVersion()).contains("2.1.0");
        assertThat(metadata.applicationType()).contains("native");
    }

    @ParameterizedTest(name = "registers {0} as none")
    @ValueSource(strings = {"none", "client_secret_post", "client_secret_basic"})
    void registersEveryClientAsPublic(String requested) {
        // RFC 7591 §3.2.1: the server may replace a requested value; the response then says "none".
        assertThat(valid(with("token_endpoint_auth_method", requested)).tokenEndpointAuthMethod()).isEqualTo("none");
    }

    @Test
    void collapsesRepeatedValues() {
        Map<String, Object> members = with("grant_types", List.of("authorization_code", "authorization_code"));
        members.put("response_types", List.of("code", "code"));

        ClientMetadata metadata = valid(members);

        assertThat(metadata.grantTypes()).containsExactly("authorization_code");
        assertThat(metadata.responseTypes()).containsExactly("code");
    }

    static Stream<Arguments> refusals() {
        String name201 = "n".repeat(201);
        String emoji201 = "\uD83D\uDE00".repeat(201);
        List<String> eleven = Collections.nCopies(11, "ops@app.example");
        return Stream.of(
                // client_name: required, non-blank, ≤ 200 characters, no control or bidi-override characters
                Arguments.of("client_name", "", "client_name is required"),
                Arguments.of("client_name", "   ", "client_name must not be blank"),
                Arguments.of("client_name", "\u00A0\u00A0", "client_name must not be blank"),
                Arguments.of("client_name", "\u200B", "client_name must not be blank"),
                Arguments.of("client_name", name201, "client_name must be at most 200 characters"),
                Arguments.of("client_name", emoji201, "client_name must be at most 200 characters"),
                Arguments.of("client_name", "Inspector\n", "client_name must not contain control characters"),
                Arguments.of("client_name", "In\tspector", "client_name must not contain control characters"),
                Arguments.of("client_name", "In\u0000spector", "client_name must not contain control characters"),
                Arguments.of("client_name", "In\u007Fspector", "client_name must not contain control characters"),
                Arguments.of("client_name", "In\u0085spector", "client_name must not contain control characters"),
                Arguments.of("client_name", "Inspector\u2028", "client_name must not contain control characters"),
                Arguments.of("client_name", "In\uD800spector", "client_name must not contain control characters"),
                // Trojan Source (CVE-2021-42574): embeddings, overrides and isolates reorder what a user reads
                Arguments.of("client_name", "Good\u202Eevil", "client_name must not contain control characters"),
                Arguments.of("client_name", "Good\u202Devil", "client_name must not contain control characters"),
                Arguments.of("client_name", "Good\u202Aevil", "client_name must not contain control characters"),
                Arguments.of("client_name", "Good\u2066evil\u2069", "client_name must not contain control characters"),
                // grant_types and response_types: authorization code flow only (RFC 7591 §2.1)
                Arguments.of("grant_types", List.of("implicit"), "grant_types may contain only authorization_code and refresh_token"),
                Arguments.of("grant_types", List.of("authorization_code", "client_credentials"),
                        "grant_types may contain only authorization_code and refresh_token"),
                Arguments.of("grant_types", List.of("refresh_token"), "grant_types must contain authorization_code"),
                Arguments.of("grant_types", List.of(), "grant_types must contain authorization_code"),
                Arguments.of("response_types", List.of("token"), "response_types may contain only code"),
                Arguments.of("response_types", List.of("code", "token"), "response_types may contain only code"),
                Arguments.of("response_types", List.of("code id_token"), "response_types may contain only code"),
                Arguments.of("response_types", List.of(), "response_types may contain only code"),
                // token_endpoint_auth_method: anything that needs a credential cannot become "none"
                Arguments.of("token_endpoint_auth_method", "private_key_jwt",
                        "token_endpoint_auth_method must be none: only public clients can register"),
                Arguments.of("token_endpoint_auth_method", "client_secret_jwt",
                        "token_endpoint_auth_method must be none: only public clients can register"),
                Arguments.of("token_endpoint_auth_method", "tls_client_auth",
                        "token_endpoint_auth_method must be none: only public clients can register"),
                Arguments.of("token_endpoint_auth_method", "self_signed_tls_client_auth",
                        "token_endpoint_auth_method must be none: only public clients can register"),
                Arguments.of("token_endpoint_auth_method", "NONE",
                        "token_endpoint_auth_method must be none: only public clients can register"),
                // scope: RFC 6749 §3.3 scope = scope-token *( SP scope-token )
                Arguments.of("scope", " ", "scope must be space-separated scope tokens (RFC 6749 §3.3)"),
                Arguments.of("scope", "read  write", "scope must be space-separated scope tokens (RFC 6749 §3.3)"),
                Arguments.of("scope", " read", "scope must be space-separated scope tokens (RFC 6749 §3.3)"),
                Arguments.of("scope", "read ", "scope must be space-separated scope tokens (RFC 6749 §3.3)"),
                Arguments.of("scope", "read\twrite", "scope must be space-separated scope tokens (RFC 6749 §3.3)"),
                Arguments.of("scope", "say\"hi\"", "scope must be space-separated scope tokens (RFC 6749 §3.3)"),
                Arguments.of("scope", "back\\slash", "scope must be space-separated scope tokens (RFC 6749 §3.3)"),
                Arguments.of("scope", "café", "scope must be space-separated scope tokens (RFC 6749 §3.3)"),
                Arguments.of("scope", "s".repeat(1001), "scope must be at most 1000 characters"),
                // client_uri, logo_uri, tos_uri, policy_uri: https pages only
                Arguments.of("client_uri", "http://app.example", "client_uri must be an https URL with a host and no userinfo"),
                Arguments.of("logo_uri", "javascript:alert(1)", "logo_uri must be an https URL with a host and no userinfo"),
                Arguments.of("tos_uri", "https://user@app.example/tos", "tos_uri must be an https URL with a host and no userinfo"),
                Arguments.of("policy_uri", "/privacy", "policy_uri must be an https URL with a host and no userinfo"),
                Arguments.of("policy_uri", "https:///privacy", "policy_uri must be an https URL with a host and no userinfo"),
                Arguments.of("client_uri", "https://app example", "client_uri must be an https URL with a host and no userinfo"),
                // contacts: at most 10 short, printable strings
                Arguments.of("contacts", eleven, "contacts must contain at most 10 entries"),
                Arguments.of("contacts", List.of(" "), "contacts entries must not be blank"),
                Arguments.of("contacts", List.of("c".repeat(321)), "contacts entries must be at most 320 characters"),
                Arguments.of("contacts", List.of("ops@app.example\r\nBcc: x"), "contacts entries must not contain control characters"),
                // software_id, software_version: ≤ 200 printable characters
                Arguments.of("software_id", "i".repeat(201), "software_id must be at most 200 characters"),
                Arguments.of("software_id", " ", "software_id must not be blank"),
                Arguments.of("software_version", "1.0\u0000", "software_version must not contain control characters"),
                // application_type: OpenID Connect Registration §2 values
                Arguments.of("application_type", "desktop", "application_type must be native or web"),
                Arguments.of("application_type", "Native", "application_type must be native or web"));
    }

    @ParameterizedTest(name = "refuses {0} = {1}")
    @MethodSource("refusals")
    void refusesWithInvalidClientMetadata(String member, Object value, String description) {
        assertThat(invalid(with(member, value))).isEqualTo(new RegistrationError.InvalidClientMetadata(description));
    }

    @ParameterizedTest(name = "accepts a name of {0} characters")
    @CsvSource({"1, a", "200, a", "200, \uD83D\uDE00"})
    void acceptsNamesUpTo200Characters(int count, String character) {
        // Characters are code points: an emoji counts once though Java stores it as two chars.
        String name = character.repeat(count);

        assertThat(valid(with("client_name", name)).clientName()).isEqualTo(name);
    }

    @ParameterizedTest(name = "accepts the name \"{0}\"")
    @ValueSource(strings = {"Claude", "Visual Studio Code", "Café Client", "日本語クライアント", "\uD83D\uDC68\u200D\uD83D\uDCBB Dev"})
    void acceptsPrintableNames(String name) {
        assertThat(valid(with("client_name", name)).clientName()).isEqualTo(name);
    }

    @Test
    void requiresClientNameAndRedirectUris() {
        Map<String, Object> noName = minimal();
        noName.remove("client_name");
        Map<String, Object> noUris = minimal();
        noUris.remove("redirect_uris");

        assertThat(invalid(noName)).isEqualTo(new RegistrationError.InvalidClientMetadata("client_name is required"));
        assertThat(invalid(noUris)).isEqualTo(new RegistrationError.InvalidRedirectUri("redirect_uris is required"));
    }

    @Test
    void reportsRedirectUriProblemsAsInvalidRedirectUri() {
        assertThat(invalid(with("redirect_uris", List.of())).code().wire()).isEqualTo(INVALID_REDIRECT);
        assertThat(invalid(with("redirect_uris", List.of("https://ok.example/cb", "http://evil.example/cb"))))
                .satisfies(error -> assertThat(error.code().wire()).isEqualTo(INVALID_REDIRECT))
                .satisfies(error -> assertThat(error.description()).startsWith("redirect_uris[1] "));
    }

    static Stream<Arguments> wrongTypes() {
        List<Object> notStrings = List.of(42, 4.2, true, Map.of("value", "x"), List.of("x"));
        List<Object> notArrays = List.of(42, true, Map.of("value", "x"), "https://app.example/cb");
        List<Object> badItems = new ArrayList<>(List.of(List.of(42), List.of(true), List.of(List.of("x"))));
        badItems.add(Collections.singletonList(null));
        return Stream.of(
                STRING_MEMBERS.stream().flatMap(member -> notStrings.stream()
                        .map(value -> Arguments.of(member, value, member + " must be a string"))),
                ARRAY_MEMBERS.stream().flatMap(member -> Stream.concat(notArrays.stream(), badItems.stream())
                        .map(value -> Arguments.of(member, value, member + " must be an array of strings"))))
                .flatMap(rows -> rows);
    }

    @ParameterizedTest(name = "refuses {0} = {1}")
    @MethodSource("wrongTypes")
    void refusesWrongJsonTypes(String member, Object value, String description) {
        RegistrationError error = invalid(with(member, value));

        assertThat(error.code().wire()).isEqualTo(member.equals("redirect_uris") ? INVALID_REDIRECT : INVALID_METADATA);
        assertThat(error.description()).isEqualTo(description);
    }

    @ParameterizedTest(name = "null {0} counts as absent")
    @ValueSource(strings = {"grant_types", "response_types", "token_endpoint_auth_method", "scope", "client_uri",
        "logo_uri", "tos_uri", "policy_uri", "contacts", "software_id", "software_version", "application_type"})
    void treatsNullAsAbsent(String member) {
        assertThat(valid(with(member, null))).isEqualTo(valid(minimal()));
    }

    @Test
    void treatsNullRequiredMembersAsMissing() {
        assertThat(invalid(with("client_name", null)))
                .isEqualTo(new RegistrationError.InvalidClientMetadata("client_name is required"));
        assertThat(invalid(with("redirect_uris", null)))
                .isEqualTo(new RegistrationError.InvalidRedirectUri("redirect_uris is required"));
    }

    @Test
    void ignoresUnknownMembers() {
        // RFC 7591 §2: the server ignores metadata it does not understand, whatever its type.
        Map<String, Object> members = minimal();
        members.put("client_secret", "s3cret");
        members.put("jwks_uri", "http://evil.example/jwks");
        members.put("require_pushed_authorization_requests", true);
        members.put("x-extension", Map.of("nested", List.of(1, 2)));
        members.put("unknown_null", null);

        assertThat(valid(members)).isEqualTo(valid(minimal()));
    }

    @ParameterizedTest(name = "stores scope \"{0}\"")
    @ValueSource(strings = {"claudeai", "read write", "mcp:tools offline_access", "https://api.example/read", "unknown.scope!"})
    void storesScopeAsRequested(String scope) {
        // Scopes the server does not know are not a registration error; they are checked when a token is asked for.
        assertThat(valid(with("scope", scope)).scope()).contains(scope);
    }

    @Test
    void treatsAnEmptyScopeAsNone() {
        assertThat(valid(with("scope", "")).scope()).isEmpty();
    }

    @ParameterizedTest(name = "accepts application_type {0}")
    @ValueSource(strings = {"native", "web"})
    void acceptsApplicationTypes(String type) {
        assertThat(valid(with("application_type", type)).applicationType()).contains(type);
    }

    @Test
    void acceptsTenContacts() {
        List<String> ten = Collections.nCopies(10, "ops@app.example");

        assertThat(valid(with("contacts", ten)).contacts()).hasSize(10);
    }

    @Test
    void stopsAtTheFirstViolationInFieldOrder() {
        // RFC 7591 §3.2.2 answers with one error: client_name is checked before redirect_uris.
        Map<String, Object> members = with("client_name", " ");
        members.put("redirect_uris", List.of("http://evil.example/cb"));

        assertThat(invalid(members).code().wire()).isEqualTo(INVALID_METADATA);
    }

    static Stream<Arguments> echoAttempts() {
        String marker = "ECHOMARKER";
        return Stream.of(
                Arguments.of("client_name", marker + "\u202E"),
                Arguments.of("redirect_uris", List.of("http://" + marker + ".example/cb")),
                Arguments.of("grant_types", List.of(marker)),
                Arguments.of("response_types", List.of(marker)),
                Arguments.of("token_endpoint_auth_method", marker),
                Arguments.of("scope", marker + "\t"),
                Arguments.of("client_uri", "http://" + marker + ".example"),
                Arguments.of("contacts", List.of(marker + "\n")),
                Arguments.of("software_id", marker + "\u0000"),
                Arguments.of("application_type", marker));
    }

    @ParameterizedTest(name = "does not echo {0}")
    @MethodSource("echoAttempts")
    void descriptionsNameTheFieldButNeverEchoTheValue(String member, Object value) {
        assertThat(invalid(with(member, value)).description()).startsWith(member).doesNotContain("ECHOMARKER");
    }

    @Test
    void runsItsNamedRulesInFieldOrder() {
        assertThat(policy.ruleNames()).containsExactly("client_name", "application_type", "redirect_uris", "grant_types", "response_types",
                "token_endpoint_auth_method", "scope", "client_uri", "logo_uri", "tos_uri", "policy_uri", "contacts",
                "software_id", "software_version");
    }

    @Test
    void aWebApplicationNamesTheLoopbackPortItListensOn() {
        Map<String, Object> web = with("application_type", "web");
        web.put("redirect_uris", List.of("http://127.0.0.1/callback"));

        assertThat(invalid(web)).isEqualTo(new RegistrationError.InvalidRedirectUri("redirect_uris[0] must name its "
                + "port: a web application's (application_type web) loopback redirect URI is matched exactly"));
        assertThat(valid(with("application_type", "web")).isWebApplication()).isTrue();
        assertThat(valid(with("application_type", "native")).isWebApplication()).isFalse();
        assertThat(valid(minimal()).isWebApplication()).isFalse();
    }
}
