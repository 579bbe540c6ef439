package io.mcpdcr.domain.token;

import static io.mcpdcr.domain.token.TokenForms.CLIENT;
import static io.mcpdcr.domain.token.TokenForms.basic;
import static io.mcpdcr.domain.token.TokenForms.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.oauth.BasicCredentials;
import io.mcpdcr.domain.oauth.OAuthErrorCode;
import io.mcpdcr.domain.registration.ClientId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RevocationAndIntrospectionRequestTest {
    private static final String TOKEN = "a-token";

    private static TokenForms revocation() {
        return form().set("token", TOKEN).set("client_id", CLIENT).set("token_type_hint", "access_token");
    }

    private static Parsed<RevocationRequest> revoke(TokenForms form, Optional<String> authorization) {
        return RevocationRequest.parse(form.map(), authorization);
    }

    private static Parsed<IntrospectionRequest> introspect(TokenForms form, Optional<String> authorization) {
        return IntrospectionRequest.parse(form.map(), authorization);
    }

    private static <T> Parsed<T> invalid(OAuthErrorCode code, String description) {
        return new Parsed.Invalid<>(new TokenError(code, description));
    }

    // ---- revocation (RFC 7009 §2.1) ----

    @Test
    void aRevocationNamesTheClientAndTheToken() {
        var expected = new Parsed.Valid<>(new RevocationRequest(new ClientAuthentication.None(new ClientId(CLIENT)), TOKEN));
        assertThat(revoke(revocation(), Optional.empty())).isEqualTo(expected);
        assertThat(revoke(revocation().without("client_id"), basic(CLIENT, ""))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "revocation: {0} repeated is invalid_request")
    @ValueSource(strings = {"token", "client_id", "token_type_hint"})
    void aRepeatedRevocationParameterIsRefused(String name) {
        String value = revocation().map().get(name).get(0);
        assertThat(revoke(revocation().set(name, value, value), Optional.empty()))
                .isEqualTo(invalid(OAuthErrorCode.INVALID_REQUEST, name + " must not be repeated"));
    }

    @Test
    void aRevocationNeedsATokenThenAClient() {
        assertThat(revoke(revocation().without("token").without("client_id"), Optional.empty()))
                .isEqualTo(invalid(OAuthErrorCode.INVALID_REQUEST, "token is required"));
        assertThat(revoke(revocation().without("client_id"), Optional.empty()))
                .isEqualTo(invalid(OAuthErrorCode.INVALID_REQUEST, "client_id is required"));
    }

    @Test
    void aRevocationRefusesSecretsAndConflictsLikeTheTokenEndpoint() {
        assertThat(revoke(revocation().set("client_secret", "s"), Optional.empty()))
                .isEqualTo(invalid(OAuthErrorCode.INVALID_CLIENT, "this server has public clients only: send no client_secret"));
        assertThat(revoke(revocation().set("client_id", "client-2"), basic(CLIENT, "")))
                .isEqualTo(invalid(OAuthErrorCode.INVALID_REQUEST,
                        "client_id differs between the Authorization header and the body"));
    }

    // ---- introspection (RFC 7662 §2.1) ----

    @Test
    void anIntrospectionCarriesTheCallerAndTheToken() {
        assertThat(introspect(form().set("token", TOKEN), basic("weather", "s3cret")))
                .isEqualTo(new Parsed.Valid<>(new IntrospectionRequest(new BasicCredentials("weather", "s3cret"), TOKEN)));
    }

    @Test
    void anIntrospectionWithoutBasicCredentialsIsInvalidClientFirst() {
        var unauthenticated = invalid(OAuthErrorCode.INVALID_CLIENT, "authenticate with the resource server's credentials");
        assertThat(introspect(form().set("token", TOKEN, TOKEN), Optional.empty())).isEqualTo(unauthenticated);
        assertThat(introspect(form().set("token", TOKEN), Optional.of("Bearer x"))).isEqualTo(unauthenticated);
    }

    @Test
    void anIntrospectionNeedsOneToken() {
        assertThat(introspect(form().set("token", TOKEN, TOKEN), basic("weather", "s")))
                .isEqualTo(invalid(OAuthErrorCode.INVALID_REQUEST, "token must not be repeated"));
        assertThat(introspect(form().set("token", ""), basic("weather", "s")))
                .isEqualTo(invalid(OAuthErrorCode.INVALID_REQUEST, "the token parameter is required"));
        assertThat(introspect(form(), basic("weather", "s")))
                .isEqualTo(invalid(OAuthErrorCode.INVALID_REQUEST, "the token parameter is required"));
    }

    @Test
    void requestsNeverPrintTheirSecrets() {
        var introspection = new IntrospectionRequest(new BasicCredentials("weather", "s3cret"), TOKEN);
        var revocation = new RevocationRequest(new ClientAuthentication.None(new ClientId(CLIENT)), TOKEN);

        assertThat(introspection.toString()).contains("weather").doesNotContain("s3cret").doesNotContain(TOKEN);
        assertThat(revocation.toString()).contains(CLIENT).doesNotContain(TOKEN);
    }
}
