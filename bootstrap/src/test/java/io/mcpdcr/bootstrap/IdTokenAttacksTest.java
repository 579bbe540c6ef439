package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.mcpdcr.domain.pkce.Pkce;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each forged or mistaken ID token is refused with a clear page and nothing is created, against the wired server and
 * a provider of our own that answers with whatever token the test crafts (a real provider would sign none of them).
 */
class IdTokenAttacksTest {
    private static final Pattern START = Pattern.compile("href=\"(/o/login/oidc/start[^\"]*)\"");

    @TempDir
    Path dataDir;
    private ForgingOidcProvider provider;
    private Wiring wiring;
    private String base;
    private Map<String, String> env;
    private String authorize;

    @BeforeEach
    void start() throws Exception {
        provider = new ForgingOidcProvider();
        int port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        env = new HashMap<>(Map.of("DCR_DATA_DIR", dataDir.toString(), "DCR_PORT", Integer.toString(port),
                "DCR_ISSUER", base, "DCR_OIDC_ISSUER", provider.issuer,
                "DCR_OIDC_CLIENT_ID", ForgingOidcProvider.CLIENT_ID, "DCR_OIDC_CLIENT_SECRET", "forge-secret"));
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", port);
        Browser browser = new Browser(base);
        HttpResponse<String> registered = browser.postJson("/o/register/", "{\"client_name\":\"Inspector\","
                + "\"redirect_uris\":[\"http://127.0.0.1/callback\"],\"token_endpoint_auth_method\":\"none\"}");
        String clientId = registered.body().replaceAll(".*\"client_id\":\"([^\"]+)\".*", "$1");
        authorize = "/o/authorize/?response_type=code&client_id=" + clientId + "&redirect_uri="
                + Browser.enc("http://127.0.0.1:48123/callback") + "&code_challenge="
                + Pkce.s256("a-verifier-of-the-mcp-client-long-enough-for-pkce-rules-0123456789")
                + "&code_challenge_method=S256";
    }

    @AfterEach
    void stop() {
        wiring.close();
        provider.close();
    }

    @Test
    void aCorrectTokenIsAcceptedSoEachRefusalBelowIsTheAttacksDoing() throws Exception {
        HttpResponse<String> answer = signInWith(nonce -> ForgingOidcProvider.signed(provider.claims(nonce).build(),
                provider.key));
        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location").orElseThrow()).startsWith("/o/authorize?");
    }

    @Test
    void aWrongAudienceIsRefused() throws Exception {
        assertRefused(nonce -> ForgingOidcProvider.signed(provider.claims(nonce).audience("another-client").build(),
                provider.key));
    }

    @Test
    void aWrongIssuerIsRefused() throws Exception {
        assertRefused(nonce -> ForgingOidcProvider.signed(provider.claims(nonce).issuer("https://evil.example")
                .build(), provider.key));
    }

    @Test
    void aWrongNonceIsRefused() throws Exception {
        assertRefused(nonce -> ForgingOidcProvider.signed(provider.claims("a-nonce-of-another-sign-in").build(),
                provider.key));
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Instant past = Instant.now().minusSeconds(600);
        assertRefused(nonce -> ForgingOidcProvider.signed(provider.claims(nonce).issueTime(Date.from(past))
                .expirationTime(Date.from(past.plusSeconds(300))).build(), provider.key));
    }

    @Test
    void anotherAuthorizedPartyIsRefused() throws Exception {
        assertRefused(nonce -> ForgingOidcProvider.signed(provider.claims(nonce)
                .audience(List.of(ForgingOidcProvider.CLIENT_ID, "another-client")).claim("azp", "another-client")
                .build(), provider.key));
    }

    @Test
    void anUnsignedTokenIsRefused() throws Exception {
        assertRefused(nonce -> new PlainJWT(provider.claims(nonce).build()).serialize());
    }

    @Test
    void hmacKeyedWithTheProvidersPublicKeyIsRefused() throws Exception {
        assertRefused(nonce -> {
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                    provider.claims(nonce).build());
            jwt.sign(new MACSigner(provider.key.toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        });
    }

    @Test
    void aRotatedKeyIsFetchedOnceAndAKidThatStaysUnknownIsRefused() throws Exception {
        assertThat(signInWith(nonce -> ForgingOidcProvider.signed(provider.claims(nonce).build(), provider.key))
                .statusCode()).isEqualTo(303);
        int fetches = provider.jwksFetches.get();

        RSAKey rotated = new RSAKeyGenerator(2048).keyID("k2").generate();
        provider.publish(new JWKSet(List.of(provider.key.toPublicJWK(), rotated.toPublicJWK())));
        assertThat(signInWith(nonce -> ForgingOidcProvider.signed(provider.claims(nonce).build(), rotated))
                .statusCode()).as("the new key, after one refetch").isEqualTo(303);
        assertThat(provider.jwksFetches.get()).isEqualTo(fetches + 1);

        RSAKey unknown = new RSAKeyGenerator(2048).keyID("k3").generate();
        assertRefused(nonce -> ForgingOidcProvider.signed(provider.claims(nonce).build(), unknown));
        assertThat(provider.jwksFetches.get()).as("one refetch for the unknown kid, no more").isEqualTo(fetches + 2);
    }

    @Test
    void malformedStartsAndCallbacksGetAPageNeverA500() throws Exception {
        Browser browser = new Browser(base);
        for (String path : List.of("/o/login/oidc/callback?state=a&state=b&code=c",
                "/o/login/oidc/callback?code=c", "/o/login/oidc/callback",
                "/o/login/oidc/callback?state=" + "s".repeat(6000) + "&code=c",
                "/o/login/oidc/start?authorization_request=a&authorization_request=b",
                "/o/login/oidc/start?authorization_request=%01")) {
            HttpResponse<String> answer = browser.get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        }
        HttpResponse<String> unknown = browser.get("/o/login/ldap/start?authorization_request=");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("does not offer sign-in with &quot;ldap&quot;");
        HttpResponse<String> password = browser.postForm("/o/login", Map.of("username", "a", "password", "b"));
        assertThat(password.statusCode()).as("no local form without local in DCR_LOGIN").isEqualTo(403);
        assertThat(DatabaseRows.number(env, "SELECT COUNT(*) FROM upstream_transaction")).isZero();
    }

    private void assertRefused(ForgingOidcProvider.Forge forge) throws Exception {
        String sessions = "SELECT COUNT(*) FROM user_session";
        long before = DatabaseRows.number(env, sessions);
        HttpResponse<String> answer = signInWith(forge);
        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).contains("could not be verified, so you were not signed in");
        assertThat(answer.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("dcr_session="));
        assertThat(DatabaseRows.number(env, sessions)).as("no session begun").isEqualTo(before);
        if (before == 0) {
            assertThat(DatabaseRows.number(env, "SELECT COUNT(*) FROM user_account WHERE source = 'oidc'")).isZero();
        }
    }

    /** Starts a sign-in, lets the provider answer with the forged token, and completes the callback. */
    private HttpResponse<String> signInWith(ForgingOidcProvider.Forge forge) throws Exception {
        provider.answerWith(forge);
        Browser browser = new Browser(base);
        Matcher start = START.matcher(browser.get(authorize).body());
        assertThat(start.find()).isTrue();
        HttpResponse<String> toProvider = browser.get(start.group(1).replace("&amp;", "&").replace("&#61;", "="));
        assertThat(toProvider.statusCode()).isEqualTo(303);
        HttpResponse<String> back = browser.get(toProvider.headers().firstValue("Location").orElseThrow());
        assertThat(back.statusCode()).isEqualTo(302);
        return browser.get(URI.create(back.headers().firstValue("Location").orElseThrow()).toString());
    }
}
