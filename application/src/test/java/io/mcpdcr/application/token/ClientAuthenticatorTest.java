package io.mcpdcr.application.token;

import static io.mcpdcr.application.fakes.FlowFixture.BOTH_GRANTS;
import static io.mcpdcr.application.fakes.FlowFixture.CALLBACK;
import static io.mcpdcr.application.fakes.FlowFixture.ISSUER;
import static io.mcpdcr.application.fakes.FlowFixture.NOW;
import static io.mcpdcr.application.fakes.FlowFixture.redeemRequest;
import static io.mcpdcr.application.fakes.FlowFixture.refreshRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.FlowFixture;
import io.mcpdcr.application.fakes.FlowFixture.Params;
import io.mcpdcr.domain.oauth.OAuthErrorCode;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientKeys;
import io.mcpdcr.domain.registration.ClientMetadata;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.registration.RegistrationSource;
import io.mcpdcr.domain.token.ClientAssertionClaims;
import io.mcpdcr.domain.token.TokenError;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Token and revocation requests of a private_key_jwt client, and of a public one that sends an assertion. */
class ClientAuthenticatorTest {
    private static final String KEYED = "https://chatgpt.example/oauth/client.json";
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final FlowFixture flow = new FlowFixture();
    private final ClientRegistration keyed = keyedClient();
    private int jti;

    private ClientRegistration keyedClient() {
        var metadata = new ClientMetadata("ChatGPT", List.of(CALLBACK), BOTH_GRANTS, List.of("code"), "private_key_jwt",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new ClientKeys.Remote("https://chatgpt.example/oauth/jwks.json")));
        var client = new ClientRegistration(new ClientId(KEYED), metadata, NOW,
                new RegistrationSource("chatgpt.example", Optional.empty()));
        flow.clients.add(client);
        return client;
    }

    private String assertion(String issuer) {
        String id = "assertion-" + ++jti;
        return flow.assertions.sign(id, new ClientAssertionClaims(Optional.of(issuer), Optional.of(issuer),
                List.of(ISSUER), Optional.of(NOW.plusSeconds(60)), Optional.empty(), Optional.of("jti-" + jti)));
    }

    private static Params asserted(Params request, String assertion) {
        return request.set("client_assertion_type", JWT_BEARER).set("client_assertion", assertion);
    }

    private static TokenOutcome.Refused invalidClient(String description) {
        return new TokenOutcome.Refused(new TokenError(OAuthErrorCode.INVALID_CLIENT, description));
    }

    @Test
    void aKeyedClientRedeemsRefreshesAndRevokesWithAssertions() {
        TokenResponse tokens = flow.tokens(asserted(redeemRequest(keyed, flow.code(keyed)), assertion(KEYED)));
        TokenResponse rotated = flow.tokens(asserted(refreshRequest(keyed, tokens.refreshToken().orElseThrow()),
                assertion(KEYED)));

        assertThat(flow.revoke(asserted(new Params().set("client_id", KEYED)
                .set("token", rotated.accessToken()), assertion(KEYED)))).isEmpty();
    }

    @Test
    void aKeyedClientWithoutAnAssertionIsInvalidClient() {
        assertThat(flow.exchange(redeemRequest(keyed, flow.code(keyed)))).isEqualTo(invalidClient(
                "this client authenticates with private_key_jwt: send client_assertion_type and client_assertion"));
        assertThat(flow.revoke(new Params().set("client_id", KEYED).set("token", "t"))).contains(new TokenError(
                OAuthErrorCode.INVALID_CLIENT,
                "this client authenticates with private_key_jwt: send client_assertion_type and client_assertion"));
    }

    @Test
    void anAssertionUsedTwiceIsInvalidClientTheSecondTime() {
        String once = assertion(KEYED);
        flow.tokens(asserted(redeemRequest(keyed, flow.code(keyed)), once));

        assertThat(flow.exchange(asserted(redeemRequest(keyed, flow.code(keyed)), once)))
                .isEqualTo(invalidClient("the client assertion was already used: send a new one with a new jti"));
    }

    @Test
    void anAssertionTheKeysDoNotVerifyOrForAnotherClientIsInvalidClient() {
        assertThat(flow.exchange(asserted(redeemRequest(keyed, flow.code(keyed)), "forged")))
                .isEqualTo(invalidClient("the client assertion's signature does not verify"));
        assertThat(flow.exchange(asserted(redeemRequest(keyed, flow.code(keyed)), assertion("https://evil.example/c"))))
                .isEqualTo(invalidClient("the client assertion's iss and sub must both be the client_id"));
    }

    @Test
    void aPublicClientSendingAnAssertionIsInvalidClient() {
        ClientRegistration publicClient = flow.register("public-client");

        assertThat(flow.exchange(asserted(redeemRequest(publicClient, flow.code(publicClient)),
                assertion("public-client"))))
                .isEqualTo(invalidClient("this client is public: send no client_assertion"));
    }
}
