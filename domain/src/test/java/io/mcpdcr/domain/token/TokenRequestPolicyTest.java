package io.mcpdcr.domain.token;

import static io.mcpdcr.domain.token.TokenForms.CALLBACK;
import static io.mcpdcr.domain.token.TokenForms.CLIENT;
import static io.mcpdcr.domain.token.TokenForms.CODE;
import static io.mcpdcr.domain.token.TokenForms.REFRESH;
import static io.mcpdcr.domain.token.TokenForms.RESOURCE;
import static io.mcpdcr.domain.token.TokenForms.VERIFIER;
import static io.mcpdcr.domain.token.TokenForms.basic;
import static io.mcpdcr.domain.token.TokenForms.codeRedemption;
import static io.mcpdcr.domain.token.TokenForms.refresh;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.oauth.OAuthErrorCode;
import io.mcpdcr.domain.registration.ClientId;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenRequestPolicyTest {
    private static final ClientAuthentication PUBLIC_CLIENT = new ClientAuthentication.None(new ClientId(CLIENT));

    private static TokenRequestCheck check(TokenForms form) {
        return TokenRequestPolicy.check(form.map(), Optional.empty());
    }

    private static void assertInvalid(TokenRequestCheck check, OAuthErrorCode code, String description) {
        assertThat(check).isEqualTo(new TokenRequestCheck.Invalid(new TokenError(code, description)));
    }

    // ---- the grants ----

    @Test
    void aCodeRedemptionIsACodeGrant() {
        assertThat(check(codeRedemption().set("resource", RESOURCE))).isEqualTo(
                new CodeGrant(PUBLIC_CLIENT, CODE, VERIFIER, Optional.of(CALLBACK), Optional.of(RESOURCE)));
    }

    @Test
    void redirectUriAndResourceAreOptionalAndEmptyCountsAsAbsent() {
        assertThat(check(codeRedemption().set("redirect_uri", "").set("resource", " "))).isEqualTo(
                new CodeGrant(PUBLIC_CLIENT, CODE, VERIFIER, Optional.empty(), Optional.empty()));
    }

    @Test
    void aRefreshIsARefreshGrant() {
        assertThat(check(refresh().set("scope", "mcp").set("resource", RESOURCE))).isEqualTo(
                new RefreshGrant(PUBLIC_CLIENT, REFRESH, Optional.of(ScopeSet.parse("mcp")), Optional.of(RESOURCE)));
        assertThat(check(refresh())).isEqualTo(
                new RefreshGrant(PUBLIC_CLIENT, REFRESH, Optional.empty(), Optional.empty()));
    }

    // ---- missing parameters ----

    static Stream<Arguments> missing() {
        return Stream.of(
                missing("grant_type", codeRedemption(), "grant_type is required"),
                missing("client_id", codeRedemption(), "client_id is required"),
                missing("client_id", refresh(), "client_id is required"));
    }

    private static Arguments missing(String name, TokenForms form, String description) {
        return Arguments.of(name, form, description);
    }

    @ParameterizedTest(name = "{0} missing, empty or blank is invalid_request")
    @MethodSource("missing")
    void requiredParameters(String name, TokenForms form, String description) {
        assertInvalid(check(form.without(name)), OAuthErrorCode.INVALID_REQUEST, description);
        assertInvalid(check(form.set(name, "")), OAuthErrorCode.INVALID_REQUEST, description);
        assertInvalid(check(form.set(name, "  ")), OAuthErrorCode.INVALID_REQUEST, description);
    }

    static Stream<Arguments> missingFromTheGrant() {
        return Stream.of(
                Arguments.of("code", codeRedemption(), "authorization_code", "code is required"),
                Arguments.of("code_verifier", codeRedemption(), "authorization_code",
                        "code_verifier is required: PKCE is mandatory"),
                Arguments.of("refresh_token", refresh(), "refresh_token", "refresh_token is required"));
    }

    @ParameterizedTest(name = "{0} missing, empty or blank is invalid_request once the client is found")
    @MethodSource("missingFromTheGrant")
    void requiredParametersOfTheGrantWaitForTheClient(String name, TokenForms form, String grantType,
            String description) {
        var incomplete = new TokenRequestCheck.Incomplete(PUBLIC_CLIENT, grantType, TokenError.invalidRequest(description));
        assertThat(check(form.without(name))).isEqualTo(incomplete);
        assertThat(check(form.set(name, ""))).isEqualTo(incomplete);
        assertThat(check(form.set(name, "  "))).isEqualTo(incomplete);
    }

    // ---- repeated parameters (RFC 6749 §3.2) ----

    @ParameterizedTest(name = "{0} repeated is invalid_request")
    @ValueSource(strings = {"grant_type", "client_id", "code", "code_verifier", "redirect_uri", "resource", "state"})
    void repeatedParametersAreRefused(String name) {
        TokenForms form = codeRedemption().set("resource", RESOURCE).set("state", "x");
        String value = form.map().get(name).get(0);

        assertInvalid(check(form.set(name, value, value)), OAuthErrorCode.INVALID_REQUEST, name + " must not be repeated");
    }

    @Test
    void aRepeatIsRefusedBeforeAMissingOrUnknownGrantType() {
        assertInvalid(check(codeRedemption().without("grant_type").set("code", CODE, CODE)),
                OAuthErrorCode.INVALID_REQUEST, "code must not be repeated");
        assertInvalid(check(codeRedemption().set("grant_type", "password").set("scope", "a", "b")),
                OAuthErrorCode.INVALID_REQUEST, "scope must not be repeated");
    }

    @Test
    void anUnknownParameterIsIgnored() {
        assertThat(check(codeRedemption().set("nonce", "n"))).isInstanceOf(CodeGrant.class);
    }

    // ---- grant_type ----

    @ParameterizedTest(name = "grant_type {0} is unsupported_grant_type")
    @ValueSource(strings = {"password", "client_credentials", "implicit", "AUTHORIZATION_CODE",
        "urn:ietf:params:oauth:grant-type:device_code"})
    void unsupportedGrantType(String grantType) {
        assertInvalid(check(codeRedemption().set("grant_type", grantType)), OAuthErrorCode.UNSUPPORTED_GRANT_TYPE,
                "grant_type must be authorization_code or refresh_token");
    }

    @Test
    void anUnsupportedGrantTypeIsNamedBeforeAMissingClientId() {
        assertThat(((TokenRequestCheck.Invalid) check(codeRedemption().set("grant_type", "password").without("client_id")))
                .error().code()).isEqualTo(OAuthErrorCode.UNSUPPORTED_GRANT_TYPE);
    }

    @ParameterizedTest(name = "refresh scope {0} is invalid_scope once the client is found")
    @ValueSource(strings = {"mcp\"", "a\\\\b", "mcp\u00e9"})
    void malformedRefreshScopeIsInvalidScope(String scope) {
        assertThat(check(refresh().set("scope", scope))).isEqualTo(new TokenRequestCheck.Incomplete(
                PUBLIC_CLIENT, "refresh_token", TokenError.invalidScope("scope is malformed")));
    }

    // ---- the client: body or HTTP Basic (RFC 6749 §2.3.1) ----

    @Test
    void basicNamesTheClientWhenTheBodyDoesNot() {
        assertThat(TokenRequestPolicy.check(codeRedemption().without("client_id").map(), basic(CLIENT, "")))
                .isEqualTo(new CodeGrant(PUBLIC_CLIENT, CODE, VERIFIER, Optional.of(CALLBACK), Optional.empty()));
    }

    @Test
    void basicAndBodyMayNameTheSameClient() {
        assertThat(TokenRequestPolicy.check(refresh().map(), basic(CLIENT, "")))
                .isEqualTo(new RefreshGrant(PUBLIC_CLIENT, REFRESH, Optional.empty(), Optional.empty()));
    }

    @ParameterizedTest(name = "body client_id \"{0}\" against Basic client-1 is a conflict")
    @ValueSource(strings = {"client-2", "", " "})
    void basicAndBodyNamingDifferentClientsIsInvalidRequest(String bodyClientId) {
        assertInvalid(TokenRequestPolicy.check(codeRedemption().set("client_id", bodyClientId).map(), basic(CLIENT, "")),
                OAuthErrorCode.INVALID_REQUEST, "client_id differs between the Authorization header and the body");
    }

    @Test
    void theConflictIsNamedBeforeARepeat() {
        assertInvalid(TokenRequestPolicy.check(codeRedemption().set("client_id", "client-2", "client-3").map(),
                        basic(CLIENT, "")),
                OAuthErrorCode.INVALID_REQUEST, "client_id differs between the Authorization header and the body");
    }

    @Test
    void aSecretInBasicIsInvalidClient() {
        assertInvalid(TokenRequestPolicy.check(codeRedemption().map(), basic(CLIENT, "s3cret")),
                OAuthErrorCode.INVALID_CLIENT,
                "this server has public clients only: send an empty password in HTTP Basic, or no header");
    }

    @ParameterizedTest(name = "Authorization: {0} is invalid_client")
    @ValueSource(strings = {"Bearer abc", "Basic !!!", "Basic " + "OnNlY3JldA==" /* ":secret", no user */})
    void anAuthorizationHeaderThatIsNotBasicIsInvalidClient(String header) {
        assertInvalid(TokenRequestPolicy.check(codeRedemption().map(), Optional.of(header)),
                OAuthErrorCode.INVALID_CLIENT, "the Authorization header must use the Basic scheme");
    }

    @Test
    void aClientSecretInTheBodyIsInvalidClientBeforeAnythingElse() {
        assertInvalid(check(TokenForms.form().set("client_secret", "s3cret")), OAuthErrorCode.INVALID_CLIENT,
                "this server has public clients only: send no client_secret");
        assertThat(check(codeRedemption().set("client_secret", ""))).isInstanceOf(CodeGrant.class);
    }

    // ---- client assertions (RFC 7523 §2.2) ----

    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @Test
    void anAssertionWithItsTypeAndClientIdIsAnAssertionClient() {
        assertThat(check(codeRedemption().set("client_assertion_type", JWT_BEARER).set("client_assertion", "a.b.c")))
                .isEqualTo(new CodeGrant(new ClientAuthentication.Assertion(new ClientId(CLIENT), "a.b.c"), CODE,
                        VERIFIER, Optional.of(CALLBACK), Optional.empty()));
    }

    @Test
    void anAssertionOfAnotherTypeOrWithoutItsPartnerIsInvalidClient() {
        assertInvalid(check(codeRedemption().set("client_assertion_type", "urn:other").set("client_assertion", "a.b.c")),
                OAuthErrorCode.INVALID_CLIENT, "client_assertion_type must be " + JWT_BEARER);
        assertInvalid(check(codeRedemption().set("client_assertion", "a.b.c")),
                OAuthErrorCode.INVALID_CLIENT, "client_assertion_type must be " + JWT_BEARER);
        assertInvalid(check(codeRedemption().set("client_assertion_type", JWT_BEARER)),
                OAuthErrorCode.INVALID_CLIENT, "client_assertion is required with client_assertion_type");
    }

    @Test
    void anAssertionWithBasicIsTwoMethodsAndAnAssertionNeedsAClientId() {
        assertInvalid(TokenRequestPolicy.check(codeRedemption().set("client_assertion_type", JWT_BEARER)
                        .set("client_assertion", "a.b.c").map(), basic(CLIENT, "")),
                OAuthErrorCode.INVALID_REQUEST,
                "use one client authentication method: a client_assertion and no Authorization header");
        assertInvalid(check(codeRedemption().without("client_id").set("client_assertion_type", JWT_BEARER)
                .set("client_assertion", "a.b.c")), OAuthErrorCode.INVALID_REQUEST, "client_id is required");
    }

    @Test
    void anAssertionClientNeverPrintsItsAssertion() {
        assertThat(new ClientAuthentication.Assertion(new ClientId(CLIENT), "secret.jwt.here").toString())
                .doesNotContain("secret.jwt.here");
    }

    @Test
    void aBlankBasicUserNamesNoClient() {
        assertInvalid(TokenRequestPolicy.check(codeRedemption().without("client_id").map(), basic(" ", "")),
                OAuthErrorCode.INVALID_REQUEST, "client_id is required");
    }

    @Test
    void grantsNeverPrintTheirSecrets() {
        assertThat(check(codeRedemption()).toString()).contains(CLIENT).doesNotContain(CODE).doesNotContain(VERIFIER);
        assertThat(check(refresh()).toString()).contains(CLIENT).doesNotContain(REFRESH);
    }
}
