package io.mcpdcr.domain.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.oauth.OAuthErrorCode;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAssertionPolicyTest {
    private static final String CLIENT = "https://chatgpt.example/oauth/client.json";
    private static final String TOKEN_ENDPOINT = "https://as.example/o/token";
    private static final List<String> AUDIENCES = List.of(TOKEN_ENDPOINT, "https://as.example");
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static ClientAssertionClaims claims(String iss, String sub, List<String> aud, Instant exp, String jti) {
        return new ClientAssertionClaims(Optional.ofNullable(iss), Optional.ofNullable(sub), aud,
                Optional.ofNullable(exp), Optional.empty(), Optional.ofNullable(jti));
    }

    private static ClientAssertionClaims good() {
        return claims(CLIENT, CLIENT, List.of(TOKEN_ENDPOINT), NOW.plusSeconds(60), "jti-1");
    }

    private static ClientAssertionPolicy.Check check(ClientAssertionClaims claims) {
        return ClientAssertionPolicy.check(claims, new ClientId(CLIENT), AUDIENCES, NOW);
    }

    private static void assertRefused(ClientAssertionClaims claims, String description) {
        assertThat(check(claims)).isEqualTo(new ClientAssertionPolicy.Check.Refused(
                new TokenError(OAuthErrorCode.INVALID_CLIENT, description)));
    }

    @Test
    void acceptsAnAssertionForThisServerAndRemembersItsJtiPastItsExpiry() {
        assertThat(check(good())).isEqualTo(
                new ClientAssertionPolicy.Check.Accepted("jti-1", NOW.plusSeconds(60).plus(Duration.ofSeconds(60))));
        assertThat(check(claims(CLIENT, CLIENT, List.of("other", "https://as.example"), NOW.plusSeconds(60), "j")))
                .as("the issuer is an audience too").isInstanceOf(ClientAssertionPolicy.Check.Accepted.class);
    }

    @Test
    void issAndSubMustBothBeTheClient() {
        String description = "the client assertion's iss and sub must both be the client_id";
        assertRefused(claims("https://evil.example/c", CLIENT, List.of(TOKEN_ENDPOINT), NOW.plusSeconds(60), "j"),
                description);
        assertRefused(claims(CLIENT, "someone", List.of(TOKEN_ENDPOINT), NOW.plusSeconds(60), "j"), description);
        assertRefused(claims(null, CLIENT, List.of(TOKEN_ENDPOINT), NOW.plusSeconds(60), "j"), description);
    }

    @Test
    void audMustNameThisServer() {
        assertRefused(claims(CLIENT, CLIENT, List.of("https://other.example/token"), NOW.plusSeconds(60), "j"),
                "the client assertion's aud must contain this server's token endpoint or issuer");
        assertRefused(claims(CLIENT, CLIENT, List.of(), NOW.plusSeconds(60), "j"),
                "the client assertion's aud must contain this server's token endpoint or issuer");
    }

    @Test
    void expMustBePresentNotPastAndNotFarAhead() {
        assertRefused(claims(CLIENT, CLIENT, List.of(TOKEN_ENDPOINT), null, "j"), "the client assertion must have exp");
        assertRefused(claims(CLIENT, CLIENT, List.of(TOKEN_ENDPOINT), NOW.minusSeconds(61), "j"),
                "the client assertion has expired");
        assertRefused(claims(CLIENT, CLIENT, List.of(TOKEN_ENDPOINT), NOW.plus(Duration.ofMinutes(7)), "j"),
                "the client assertion's exp must be at most 5 minutes ahead");
        assertThat(check(claims(CLIENT, CLIENT, List.of(TOKEN_ENDPOINT), NOW.minusSeconds(30), "j")))
                .as("within the clock skew").isInstanceOf(ClientAssertionPolicy.Check.Accepted.class);
    }

    @Test
    void nbfMustHaveCome() {
        var early = new ClientAssertionClaims(Optional.of(CLIENT), Optional.of(CLIENT), List.of(TOKEN_ENDPOINT),
                Optional.of(NOW.plusSeconds(200)), Optional.of(NOW.plusSeconds(120)), Optional.of("j"));
        assertRefused(early, "the client assertion is not valid yet (nbf)");
    }

    @Test
    void jtiIsRequiredAndBounded() {
        String description = "the client assertion must have a jti of at most 200 characters";
        assertRefused(claims(CLIENT, CLIENT, List.of(TOKEN_ENDPOINT), NOW.plusSeconds(60), null), description);
        assertRefused(claims(CLIENT, CLIENT, List.of(TOKEN_ENDPOINT), NOW.plusSeconds(60), "j".repeat(201)),
                description);
    }
}
