package io.mcpdcr.application.token;

import static io.mcpdcr.application.fakes.FlowFixture.ALICE;
import static io.mcpdcr.application.fakes.FlowFixture.CODE_GRANT_ONLY;
import static io.mcpdcr.application.fakes.FlowFixture.OTHER_RESOURCE;
import static io.mcpdcr.application.fakes.FlowFixture.RESOURCE;
import static io.mcpdcr.application.fakes.FlowFixture.SETTINGS;
import static io.mcpdcr.application.fakes.FlowFixture.authorizeRequest;
import static io.mcpdcr.application.fakes.FlowFixture.redeemRequest;
import static io.mcpdcr.application.fakes.FlowFixture.refreshRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.FlowFixture;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.AudiencePolicy;
import io.mcpdcr.domain.token.OpaqueToken;
import io.mcpdcr.domain.token.TokenGrant;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Both grants of the token endpoint, walked as {@code TokenRoutes} walks them: policy, then the grant's use case. */
class TokenExchangeTest {
    private final FlowFixture flow = new FlowFixture();
    private final ClientRegistration client = flow.register("inspector");

    private TokenOutcome issue(FlowFixture.Params request) {
        return flow.exchange(request);
    }

    private void assertRefused(TokenOutcome outcome, String code) {
        assertThat(outcome).isInstanceOfSatisfying(TokenOutcome.Refused.class,
                refused -> assertThat(refused.error().code().wire()).isEqualTo(code));
    }

    private boolean accessTokenLive(String accessToken) {
        return flow.stores.findAccess(OpaqueToken.hash(accessToken)).isPresent();
    }

    private boolean refreshTokenLive(String refreshToken) {
        return flow.stores.findRefresh(OpaqueToken.hash(refreshToken)).isPresent();
    }

    // ---- authorization_code (RFC 6749 §4.1.3, RFC 7636 §4.5) ----

    @Test
    void redeemsTheCodeForAccessAndRefreshTokens() {
        TokenResponse tokens = flow.tokens(redeemRequest(client, flow.code(client)));

        assertThat(tokens.accessToken()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(tokens.refreshToken()).hasValueSatisfying(refresh -> assertThat(refresh)
                .hasSize(43).isNotEqualTo(tokens.accessToken()));
        assertThat(tokens.expiresIn()).isEqualTo(SETTINGS.accessTokenLifetime());
        assertThat(tokens.scope()).isEqualTo(ScopeSet.parse("mcp"));
    }

    @Test
    void storesOnlyHashesBoundToClientUserScopesAndResource() {
        TokenResponse tokens = flow.tokens(client);

        AccessToken stored = flow.stores.findAccess(OpaqueToken.hash(tokens.accessToken())).orElseThrow();
        assertThat(stored.grant()).isEqualTo(new TokenGrant(client.id(), ALICE, ScopeSet.parse("mcp"), Optional.of(RESOURCE)));
        assertThat(stored.issuedAt()).isEqualTo(FlowFixture.NOW);
        assertThat(stored.expiresAt()).isEqualTo(FlowFixture.NOW.plus(SETTINGS.accessTokenLifetime()));
        assertThat(flow.stores.findAccess(tokens.accessToken())).isEmpty();
        assertThat(flow.stores.findRefresh(OpaqueToken.hash(tokens.refreshToken().orElseThrow())))
                .hasValueSatisfying(refresh -> {
                    assertThat(refresh.familyId()).isEqualTo(stored.familyId());
                    assertThat(refresh.expiresAt()).isEqualTo(FlowFixture.NOW.plus(SETTINGS.refreshTokenLifetime()));
                });
    }

    @Test
    void redeemsWithoutRedirectUriWhenTheAuthorizationRequestNamedNone() {
        // RFC 6749 §4.1.3: redirect_uri is required only if it was included in the authorization request
        String code = flow.approve(authorizeRequest(client).without("redirect_uri"), ALICE).get("code");

        assertThat(issue(redeemRequest(client, code).without("redirect_uri"))).isInstanceOf(TokenOutcome.Issued.class);
    }

    @Test
    void replayedCodeIsRefusedAndTheTokensOfTheFirstRedemptionAreRevoked() {
        // RFC 6749 §4.1.2 and OAuth 2.1 §4.1.3: a code is used once; on replay, revoke what it produced
        String code = flow.code(client);
        TokenResponse first = flow.tokens(redeemRequest(client, code));

        TokenOutcome replay = issue(redeemRequest(client, code));

        assertRefused(replay, "invalid_grant");
        assertThat(accessTokenLive(first.accessToken())).isFalse();
        assertThat(refreshTokenLive(first.refreshToken().orElseThrow())).isFalse();
        assertRefused(issue(refreshRequest(client, first.refreshToken().orElseThrow())), "invalid_grant");
    }

    @Test
    void replayRevokesTokensRotatedFromTheFirstRedemptionToo() {
        String code = flow.code(client);
        TokenResponse first = flow.tokens(redeemRequest(client, code));
        TokenResponse rotated = flow.tokens(refreshRequest(client, first.refreshToken().orElseThrow()));

        assertRefused(issue(redeemRequest(client, code)), "invalid_grant");

        assertThat(accessTokenLive(rotated.accessToken())).isFalse();
        assertThat(refreshTokenLive(rotated.refreshToken().orElseThrow())).isFalse();
    }

    @Test
    void replayLeavesOtherGrantsAlone() {
        TokenResponse other = flow.tokens(client);
        String code = flow.code(client);
        flow.tokens(redeemRequest(client, code));

        issue(redeemRequest(client, code));

        assertThat(accessTokenLive(other.accessToken())).isTrue();
        assertThat(refreshTokenLive(other.refreshToken().orElseThrow())).isTrue();
    }

    static Stream<Arguments> badRedemptions() {
        return Stream.of(
                // RFC 7636 §4.6: the verifier must hash to the challenge
                bad("wrong verifier", p -> p.set("code_verifier", "a".repeat(43)), "invalid_grant"),
                bad("verifier too short", p -> p.set("code_verifier", FlowFixture.VERIFIER.substring(1)), "invalid_grant"),
                bad("the challenge as verifier (plain)", p -> p.set("code_verifier", FlowFixture.CHALLENGE), "invalid_grant"),
                bad("code_verifier missing", p -> p.without("code_verifier"), "invalid_request"),
                // RFC 6749 §4.1.3
                bad("redirect_uri mismatched", p -> p.set("redirect_uri", "https://app.example/other"), "invalid_grant"),
                bad("redirect_uri missing", p -> p.without("redirect_uri"), "invalid_request"),
                bad("code missing", p -> p.without("code"), "invalid_request"),
                bad("code unknown", p -> p.set("code", "x".repeat(43)), "invalid_grant"));
    }

    private static Arguments bad(String label, UnaryOperator<FlowFixture.Params> change, String error) {
        return Arguments.of(label, change, error);
    }

    @ParameterizedTest(name = "refused with {2}: {0}")
    @MethodSource("badRedemptions")
    void refusesABadRedemption(String label, UnaryOperator<FlowFixture.Params> change, String error) {
        String code = flow.code(client);

        TokenOutcome outcome = issue(change.apply(redeemRequest(client, code)));

        assertRefused(outcome, error);
        assertThat(flow.stores.accessTokenCount()).isZero();
    }

    @Test
    void expiredCodeIsRefused() {
        String code = flow.code(client);
        flow.clock.advance(SETTINGS.codeLifetime());

        assertRefused(issue(redeemRequest(client, code)), "invalid_grant");
        assertThat(flow.stores.accessTokenCount()).isZero();
    }

    @Test
    void codeIsStillGoodJustBeforeItExpires() {
        String code = flow.code(client);
        flow.clock.advance(SETTINGS.codeLifetime().minusMillis(1));

        assertThat(issue(redeemRequest(client, code))).isInstanceOf(TokenOutcome.Issued.class);
    }

    @Test
    void codeOfAnotherClientIsRefused() {
        ClientRegistration thief = flow.register("thief");
        String code = flow.code(client);

        assertRefused(issue(redeemRequest(thief, code)), "invalid_grant");
        assertThat(flow.stores.accessTokenCount()).isZero();
    }

    @Test
    void tokenRequestMayRepeatTheResourceOfTheCode() {
        String code = flow.code(client);

        TokenOutcome outcome = issue(redeemRequest(client, code).set("resource", RESOURCE));

        assertThat(outcome).isInstanceOf(TokenOutcome.Issued.class);
    }

    @Test
    void tokenRequestForAnotherResourceThanTheCodeIsRefused() {
        // RFC 8707 §2.2: the token is for the resource the user consented to
        String code = flow.code(client);

        assertRefused(issue(redeemRequest(client, code).set("resource", OTHER_RESOURCE)), "invalid_target");
    }

    @Test
    void tokenRequestMayNameTheResourceWhenTheCodeHadNone() {
        String code = flow.approve(authorizeRequest(client).without("resource"), ALICE).get("code");

        TokenResponse tokens = flow.tokens(redeemRequest(client, code).set("resource", RESOURCE));

        assertThat(flow.stores.findAccess(OpaqueToken.hash(tokens.accessToken())).orElseThrow().grant().resource())
                .contains(RESOURCE);
    }

    @ParameterizedTest(name = "resource {0} is refused at the token endpoint")
    @ValueSource(strings = {"/mcp", "https://mcp.example.com/mcp#x", "https://unknown.example/mcp"})
    void tokenRequestMayNotNameAnInvalidOrUnconfiguredResource(String resource) {
        String code = flow.approve(authorizeRequest(client).without("resource"), ALICE).get("code");

        assertRefused(issue(redeemRequest(client, code).set("resource", resource)), "invalid_target");
    }

    // ---- the client ----

    @Test
    void clientWithoutTheRefreshGrantGetsNoRefreshToken() {
        ClientRegistration noRefresh = flow.register("no-refresh", CODE_GRANT_ONLY, FlowFixture.CALLBACK);

        TokenResponse tokens = flow.tokens(noRefresh);

        assertThat(tokens.refreshToken()).isEmpty();
        assertThat(accessTokenLive(tokens.accessToken())).isTrue();
    }

    @Test
    void clientWithoutTheRefreshGrantMayNotRefresh() {
        ClientRegistration noRefresh = flow.register("no-refresh", CODE_GRANT_ONLY, FlowFixture.CALLBACK);
        TokenResponse tokens = flow.tokens(client);

        // even with a refresh token obtained by another client, the grant type itself is refused first
        assertRefused(issue(refreshRequest(noRefresh, tokens.refreshToken().orElseThrow())), "unauthorized_client");
    }

    @Test
    void unknownClientIsInvalidClient() {
        String code = flow.code(client);

        TokenOutcome outcome = issue(redeemRequest(client, code).set("client_id", "removed-client"));

        assertThat(outcome).isInstanceOfSatisfying(TokenOutcome.Refused.class,
                refused -> assertThat(refused.error().code().wire()).isEqualTo("invalid_client"));
    }

    @Test
    void clientIdIsRequired() {
        assertRefused(issue(redeemRequest(client, flow.code(client)).without("client_id")), "invalid_request");
        assertRefused(issue(redeemRequest(client, flow.code(client)).set("client_id", "")), "invalid_request");
    }

    @Test
    void blankClientIdIsRefusedNotThrown() {
        var request = redeemRequest(client, flow.code(client)).set("client_id", " ");

        assertThat(issue(request)).isInstanceOfSatisfying(TokenOutcome.Refused.class,
                refused -> assertThat(refused.error().code().wire()).isIn("invalid_request", "invalid_client"));
    }

    // ---- the request ----

    @ParameterizedTest(name = "grant_type {0} is unsupported")
    @ValueSource(strings = {"password", "client_credentials", "implicit", "urn:ietf:params:oauth:grant-type:device_code",
        "AUTHORIZATION_CODE"})
    void unsupportedGrantType(String grantType) {
        assertRefused(issue(redeemRequest(client, flow.code(client)).set("grant_type", grantType)), "unsupported_grant_type");
    }

    @Test
    void grantTypeIsRequired() {
        assertRefused(issue(redeemRequest(client, flow.code(client)).without("grant_type")), "invalid_request");
    }

    @ParameterizedTest(name = "{0} repeated is invalid_request")
    @ValueSource(strings = {"grant_type", "client_id", "code", "code_verifier", "redirect_uri", "resource"})
    void repeatedParametersAreRefused(String name) {
        // RFC 6749 §3.2: request and response parameters must not be included more than once
        var request = redeemRequest(client, flow.code(client)).set("resource", RESOURCE);
        var values = request.map().get(name);
        request.set(name, values.get(0), values.get(0));

        TokenOutcome outcome = issue(request);

        assertThat(outcome).isInstanceOfSatisfying(TokenOutcome.Refused.class, refused -> {
            assertThat(refused.error().code().wire()).isEqualTo("invalid_request");
            assertThat(refused.error().description()).isEqualTo(name + " must not be repeated");
        });
        assertThat(flow.stores.accessTokenCount()).isZero();
    }

    @Test
    void repeatedParameterDoesNotSpendTheCode() {
        String code = flow.code(client);
        issue(redeemRequest(client, code).set("code", code, code));

        assertThat(issue(redeemRequest(client, code))).isInstanceOf(TokenOutcome.Issued.class);
    }

    // ---- refresh_token (OAuth 2.1 §4.3) ----

    @Test
    void refreshRotatesBothTokens() {
        TokenResponse first = flow.tokens(client);

        TokenResponse second = flow.tokens(refreshRequest(client, first.refreshToken().orElseThrow()));

        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(second.refreshToken()).isPresent().isNotEqualTo(first.refreshToken());
        assertThat(second.scope()).isEqualTo(first.scope());
        assertThat(accessTokenLive(second.accessToken())).isTrue();
        assertThat(flow.stores.findAccess(OpaqueToken.hash(second.accessToken())).orElseThrow().grant().resource())
                .contains(RESOURCE);
    }

    @Test
    void reusedRefreshTokenIsRefusedAndItsFamilyRevoked() {
        // OAuth 2.1 §4.3.1: a rotated refresh token presented again means one of the two holders is an attacker
        TokenResponse first = flow.tokens(client);
        TokenResponse second = flow.tokens(refreshRequest(client, first.refreshToken().orElseThrow()));

        assertRefused(issue(refreshRequest(client, first.refreshToken().orElseThrow())), "invalid_grant");

        assertThat(accessTokenLive(first.accessToken())).isFalse();
        assertThat(accessTokenLive(second.accessToken())).isFalse();
        assertThat(refreshTokenLive(second.refreshToken().orElseThrow())).isFalse();
        assertRefused(issue(refreshRequest(client, second.refreshToken().orElseThrow())), "invalid_grant");
    }

    @Test
    void reuseRevokesOnlyItsOwnFamily() {
        TokenResponse other = flow.tokens(client);
        TokenResponse first = flow.tokens(client);
        flow.tokens(refreshRequest(client, first.refreshToken().orElseThrow()));

        issue(refreshRequest(client, first.refreshToken().orElseThrow()));

        assertThat(accessTokenLive(other.accessToken())).isTrue();
        assertThat(flow.tokens(refreshRequest(client, other.refreshToken().orElseThrow()))).isNotNull();
    }

    @ParameterizedTest(name = "refresh asking scope \"{0}\" gets \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
        # RFC 6749 §6: omitted means as originally granted; fewer scopes may be asked for
        ''          | mcp profile
        mcp         | mcp
        profile     | profile
        profile mcp | profile mcp
        """)
    void refreshMayNarrowTheScopes(String scope, String granted) {
        String code = flow.approve(authorizeRequest(client).set("scope", "mcp profile"), ALICE).get("code");
        TokenResponse first = flow.tokens(FlowFixture.redeemRequest(client, code));

        TokenResponse refreshed = flow.tokens(refreshRequest(client, first.refreshToken().orElseThrow()).set("scope", scope));

        assertThat(refreshed.scope()).isEqualTo(ScopeSet.parse(granted));
        assertThat(flow.stores.findAccess(OpaqueToken.hash(refreshed.accessToken())).orElseThrow().grant().scopes())
                .isEqualTo(ScopeSet.parse(granted));
    }

    /** RFC 6749 §6: only the access token narrows; the new refresh token keeps the scope originally granted. */
    @Test
    void aNarrowedRefreshKeepsTheOriginalScopeInTheNewRefreshToken() {
        String code = flow.approve(authorizeRequest(client).set("scope", "mcp profile"), ALICE).get("code");
        TokenResponse first = flow.tokens(FlowFixture.redeemRequest(client, code));
        TokenResponse narrowed = flow.tokens(refreshRequest(client, first.refreshToken().orElseThrow()).set("scope", "mcp"));

        TokenResponse next = flow.tokens(refreshRequest(client, narrowed.refreshToken().orElseThrow()));

        assertThat(narrowed.scope()).isEqualTo(ScopeSet.parse("mcp"));
        assertThat(flow.stores.findRefresh(OpaqueToken.hash(narrowed.refreshToken().orElseThrow())).orElseThrow()
                .grant().scopes()).isEqualTo(ScopeSet.parse("mcp profile"));
        assertThat(next.scope()).isEqualTo(ScopeSet.parse("mcp profile"));
        assertThat(issue(refreshRequest(client, next.refreshToken().orElseThrow()).set("scope", "mcp profile")))
                .isInstanceOf(TokenOutcome.Issued.class);
    }

    /** DCR_DEFAULT_RESOURCE: a token requested without a resource is bound to the default audience. */
    @ParameterizedTest(name = "resource at authorize {0}, at the token endpoint {1}: audience {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        -                             | -                             | https://mcp.example.com/mcp
        -                             | https://files.example.com/mcp | https://files.example.com/mcp
        https://files.example.com/mcp | -                             | https://files.example.com/mcp
        """)
    void anAccessTokenRequestedWithoutAResourceGetsTheDefaultAudience(String atAuthorize, String atToken,
            String audience) {
        var withDefault = flow.minter(new AudiencePolicy(Optional.of(RESOURCE)), SETTINGS);
        var authorize = atAuthorize == null ? authorizeRequest(client).without("resource")
                : authorizeRequest(client).set("resource", atAuthorize);
        var redeem = redeemRequest(client, flow.approve(authorize, ALICE).get("code"));
        TokenOutcome outcome = flow.exchange(atToken == null ? redeem : redeem.set("resource", atToken), withDefault);

        TokenResponse tokens = ((TokenOutcome.Issued) outcome).response();
        assertThat(flow.stores.findAccess(OpaqueToken.hash(tokens.accessToken())).orElseThrow().grant().resource())
                .contains(audience);
        TokenOutcome refreshed = flow.exchange(refreshRequest(client, tokens.refreshToken().orElseThrow()), withDefault);
        String access = ((TokenOutcome.Issued) refreshed).response().accessToken();
        assertThat(flow.stores.findAccess(OpaqueToken.hash(access)).orElseThrow().grant().resource()).contains(audience);
    }

    @Test
    void aRefreshForAnotherResourceKeepsTheOriginalGrantInTheNewRefreshToken() {
        String code = flow.approve(authorizeRequest(client).without("resource"), ALICE).get("code");
        TokenResponse first = flow.tokens(FlowFixture.redeemRequest(client, code));

        TokenResponse forFiles = flow.tokens(refreshRequest(client, first.refreshToken().orElseThrow())
                .set("resource", OTHER_RESOURCE));
        TokenResponse forWeather = flow.tokens(refreshRequest(client, forFiles.refreshToken().orElseThrow())
                .set("resource", RESOURCE));

        assertThat(flow.stores.findAccess(OpaqueToken.hash(forFiles.accessToken())).orElseThrow().grant().resource())
                .contains(OTHER_RESOURCE);
        assertThat(flow.stores.findAccess(OpaqueToken.hash(forWeather.accessToken())).orElseThrow().grant().resource())
                .contains(RESOURCE);
    }

    @ParameterizedTest(name = "refresh asking scope \"{0}\" is {1}")
    @CsvSource(delimiter = '|', textBlock = """
        mcp profile | invalid_scope
        admin       | invalid_scope
        mcp         | issued
        """)
    void refreshMayNotWidenTheScopes(String scope, String result) {
        TokenResponse first = flow.tokens(client);

        TokenOutcome outcome = issue(refreshRequest(client, first.refreshToken().orElseThrow()).set("scope", scope));

        if (result.equals("issued")) {
            assertThat(outcome).isInstanceOf(TokenOutcome.Issued.class);
        } else {
            assertRefused(outcome, result);
        }
    }

    @Test
    void refreshForAnotherResourceIsRefused() {
        TokenResponse first = flow.tokens(client);

        assertRefused(issue(refreshRequest(client, first.refreshToken().orElseThrow()).set("resource", OTHER_RESOURCE)),
                "invalid_target");
    }

    @ParameterizedTest(name = "a refresh refused for {0} leaves the refresh token usable")
    @CsvSource(delimiter = '|', textBlock = """
        scope    | mcp profile                    | invalid_scope
        resource | https://files.example.com/mcp  | invalid_target
        """)
    void refusedRefreshDoesNotSpendTheRefreshToken(String parameter, String value, String error) {
        // RFC 6749 §6: the old refresh token is revoked only once a new one is issued
        TokenResponse first = flow.tokens(client);
        String refresh = first.refreshToken().orElseThrow();
        assertRefused(issue(refreshRequest(client, refresh).set(parameter, value)), error);

        TokenOutcome retry = issue(refreshRequest(client, refresh));

        assertThat(retry).isInstanceOf(TokenOutcome.Issued.class);
        assertThat(accessTokenLive(first.accessToken())).isTrue();
    }

    @ParameterizedTest(name = "malformed scope {0} is invalid_scope")
    @ValueSource(strings = {"\"mcp\"", "mcp\\", "mcp\tprofile"})
    void malformedRefreshScopeIsInvalidScope(String scope) {
        TokenResponse first = flow.tokens(client);
        var request = refreshRequest(client, first.refreshToken().orElseThrow()).set("scope", scope);

        assertRefused(issue(request), "invalid_scope");
    }

    @Test
    void refreshTokenOfAnotherClientIsRefused() {
        ClientRegistration thief = flow.register("thief");
        TokenResponse first = flow.tokens(client);

        assertRefused(issue(refreshRequest(thief, first.refreshToken().orElseThrow())), "invalid_grant");
    }

    /** RFC 6749 §6: the client is checked before the token is spent, so another client cannot burn it. */
    @Test
    void aRefreshTokenPresentedByAnotherClientStaysUsableByItsOwner() {
        ClientRegistration thief = flow.register("thief");
        TokenResponse first = flow.tokens(client);
        String refresh = first.refreshToken().orElseThrow();

        assertRefused(issue(refreshRequest(thief, refresh)), "invalid_grant");

        assertThat(issue(refreshRequest(client, refresh))).isInstanceOf(TokenOutcome.Issued.class);
        assertThat(accessTokenLive(first.accessToken())).isTrue();
    }

    @Test
    void expiredRefreshTokenIsRefused() {
        TokenResponse first = flow.tokens(client);
        flow.clock.advance(SETTINGS.refreshTokenLifetime());

        assertRefused(issue(refreshRequest(client, first.refreshToken().orElseThrow())), "invalid_grant");
    }

    @Test
    void refreshTokenStillWorksJustBeforeItExpires() {
        TokenResponse first = flow.tokens(client);
        flow.clock.advance(SETTINGS.refreshTokenLifetime().minus(Duration.ofSeconds(1)));

        assertThat(issue(refreshRequest(client, first.refreshToken().orElseThrow()))).isInstanceOf(TokenOutcome.Issued.class);
    }

    @Test
    void refreshTokenIsRequiredAndMustBeKnown() {
        assertRefused(issue(refreshRequest(client, "x").without("refresh_token")), "invalid_request");
        assertRefused(issue(refreshRequest(client, "x".repeat(43))), "invalid_grant");
    }

    @Test
    void anAccessTokenIsNotARefreshToken() {
        TokenResponse first = flow.tokens(client);

        assertRefused(issue(refreshRequest(client, first.accessToken())), "invalid_grant");
    }

    // ---- the audit trail ----

    private List<AuditEvent> tokenEvents() {
        return flow.audit.events().stream().filter(event -> event.action() == AuditAction.TOKEN).toList();
    }

    private static AuditEvent tokenEvent(AuditOutcome outcome, Optional<String> error, Optional<String> clientId) {
        return new AuditEvent(FlowFixture.NOW, AuditAction.TOKEN, outcome, error, clientId.map(ClientId::new),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void recordsIssuedTokensWithTheClient() {
        TokenResponse first = flow.tokens(client);
        flow.tokens(refreshRequest(client, first.refreshToken().orElseThrow()));

        assertThat(tokenEvents()).containsExactly(
                tokenEvent(AuditOutcome.ISSUED, Optional.empty(), Optional.of("inspector")),
                tokenEvent(AuditOutcome.ISSUED, Optional.empty(), Optional.of("inspector")));
    }

    /** Refusals are counted in aggregate by GuardTokenEndpoints: anyone can repeat them, so none writes a row. */
    @ParameterizedTest(name = "{0} writes no audit row")
    @CsvSource(delimiter = '|', textBlock = """
        unknown client     | client_id     | removed
        unsupported grant  | grant_type    | password
        wrong verifier     | code_verifier | wrong-verifier-wrong-verifier-wrong-verifier
        missing client_id  | client_id     | ''
        """)
    void refusalsWriteNoAuditRow(String what, String parameter, String value) {
        TokenOutcome outcome = issue(redeemRequest(client, flow.code(client)).set(parameter, value));

        assertThat(outcome).isInstanceOf(TokenOutcome.Refused.class);
        assertThat(tokenEvents()).isEmpty();
    }

    @Test
    void aReplayedCodeLeavesOnlyTheIssuedRow() {
        String code = flow.code(client);
        flow.tokens(redeemRequest(client, code));

        issue(redeemRequest(client, code));

        assertThat(tokenEvents()).extracting(event -> event.outcome().wire()).containsExactly("issued");
    }

    @Test
    void neverRecordsCodesVerifiersOrTokens() {
        String code = flow.code(client);
        TokenResponse tokens = flow.tokens(redeemRequest(client, code));
        issue(refreshRequest(client, tokens.refreshToken().orElseThrow()).set("scope", "admin"));

        assertThat(tokenEvents()).hasSize(1).allSatisfy(event -> assertThat(event.toString())
                .doesNotContain(code, FlowFixture.VERIFIER, tokens.accessToken(), tokens.refreshToken().orElseThrow()));
    }
}
