package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.mcpdcr.domain.pkce.Pkce;
import io.mcpdcr.domain.token.AccessTokenClaims;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code DCR_ACCESS_TOKEN_FORMAT=jwt} in the wired server, over real sockets, with tokens from the real flow: checked
 * by Nimbus's own verifier set up from the metadata URL alone, and by introspection and the gateway, which must keep
 * refusing what was tampered with or revoked. Subclasses pick the database.
 */
abstract class JwtAccessTokenContract {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEK = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String VERIFIER = "jwt-access-token-verifier-0123456789-abcdefghijklmnopqrstu";
    private static final String REDIRECT = "http://127.0.0.1:48123/callback";
    private static final String PASSWORD = "correct horse battery staple";

    Wiring wiring;
    McpUpstream upstream;
    Map<String, String> env;
    String base;
    private Browser browser;
    private String resource;
    private String rsId;
    private String rsSecret;
    /** One user per test: the PostgreSQL suites share a schema across a class's tests. */
    final String username = "alice-" + UUID.randomUUID().toString().substring(0, 8);

    /** The environment that selects this subclass's database. */
    abstract Map<String, String> databaseEnv();

    @BeforeEach
    void start() throws Exception {
        upstream = new McpUpstream(FreePort.pick()).start();
        int port = FreePort.pick();
        base = "http://127.0.0.1:" + port;
        resource = base + "/mcp";
        env = new HashMap<>(databaseEnv());
        env.put("DCR_PORT", Integer.toString(port));
        env.put("DCR_ISSUER", base);
        env.put("DCR_ACCESS_TOKEN_FORMAT", "jwt");
        env.put("DCR_KEY_ENCRYPTION_KEY", KEK);
        env.put("DCR_GATEWAY", "/mcp=" + upstream.url("/raw"));
        wiring = Wiring.build(Settings.from(env));
        wiring.start("127.0.0.1", port);
        browser = new Browser(base);
        assertThat(admin("users", "add", username, "--password-stdin")).isZero();
        StringWriter out = new StringWriter();
        assertThat(AdminCommand.run(new String[] {"resource-servers", "add", "rs-" + username, "--resource", resource}, env,
                new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(new StringWriter())))
                .isZero();
        rsId = line(out.toString(), "client_id=");
        rsSecret = line(out.toString(), "client_secret=");
    }

    @AfterEach
    void stop() throws Exception {
        wiring.close();
        upstream.close();
    }

    @Test
    void tokensFromTheFlowVerifyWithNimbusSetUpFromTheMetadataAlone() throws Exception {
        JsonNode metadata = JSON.readTree(browser.get("/.well-known/oauth-authorization-server").body());
        String jwksUri = metadata.path("jwks_uri").asText();
        assertThat(jwksUri).isEqualTo(base + "/.well-known/jwks.json");
        HttpResponse<String> jwks = browser.get(jwksUri);
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.headers().firstValue("Cache-Control")).contains("public, max-age=3600");
        assertThat(JWKSet.parse(jwks.body()).getKeys()).allSatisfy(key -> assertThat(key.isPrivate()).isFalse());

        Map<String, String> issued = tokens(browser, "mcp");
        String access = issued.get("access_token");
        assertThat(issued.get("refresh_token")).as("refresh tokens stay opaque").doesNotContain(".");
        JWTClaimsSet claims = verifierFromMetadata(base, resource).process(access, null);
        assertThat(claims.getIssuer()).isEqualTo(base);
        assertThat(claims.getAudience()).containsExactly(resource);
        assertThat(claims.getSubject()).isEqualTo(AccessTokenClaims.subjectOf(username)).doesNotContain(username);
        assertThat(claims.getStringClaim("scope")).isEqualTo("mcp");
        assertThat(claims.getClaim("preferred_username")).as("only when DCR_JWT_PREFERRED_USERNAME=on").isNull();
        long authTime = claims.getLongClaim("auth_time");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(3_600_000);
        assertThat(SignedJWT.parse(access).getHeader().getKeyID())
                .isEqualTo(JWKSet.parse(jwks.body()).getKeys().get(0).getKeyID());

        assertThat(introspect(access).path("active").asBoolean()).isTrue();
        assertThat(gateway(access)).isEqualTo(200);

        HttpResponse<String> refreshed = browser.postForm("/o/token/", Map.of("grant_type", "refresh_token",
                "client_id", clientId, "refresh_token", issued.get("refresh_token")));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.headers().firstValue("Cache-Control")).contains("no-store");
        String second = JSON.readTree(refreshed.body()).path("access_token").asText();
        JWTClaimsSet again = verifierFromMetadata(base, resource).process(second, null);
        assertThat(again.getLongClaim("auth_time")).as("a refresh keeps the approval time").isEqualTo(authTime);
        assertThat(again.getJWTID()).isNotEqualTo(claims.getJWTID());
    }

    @Test
    void tamperedTokensAreRejectedByTheVerifierIntrospectionAndTheGateway() throws Exception {
        String access = tokens(browser, "mcp").get("access_token");
        SignedJWT original = SignedJWT.parse(access);
        String[] parts = access.split("\\.");
        Map<String, String> tampered = new LinkedHashMap<>();

        Map<String, Object> payload = original.getJWTClaimsSet().toJSONObject();
        payload.put("scope", "mcp admin");
        tampered.put("payload edited", parts[0] + "." + Base64URL.encode(JSON.writeValueAsBytes(payload)) + "."
                + parts[2]);
        Map<String, Object> header = new LinkedHashMap<>(original.getHeader().toJSONObject());
        header.put("typ", "JWT");
        tampered.put("header edited", Base64URL.encode(JSON.writeValueAsBytes(header)) + "." + parts[1] + "."
                + parts[2]);
        tampered.put("alg none", new PlainJWT(original.getJWTClaimsSet()).serialize());
        ECKey published = (ECKey) JWKSet.parse(browser.get("/.well-known/jwks.json").body()).getKeys().get(0);
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
                .keyID(published.getKeyID()).build(), original.getJWTClaimsSet());
        hmac.sign(new MACSigner(published.toECPublicKey().getEncoded()));
        tampered.put("HS256 keyed with the public key", hmac.serialize());
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(published.getKeyID()).generate();
        SignedJWT unknown = new SignedJWT(original.getHeader(), original.getJWTClaimsSet());
        unknown.sign(new ECDSASigner(stranger));
        tampered.put("signed by an unknown key", unknown.serialize());

        var verifier = verifierFromMetadata(base, resource);
        for (Map.Entry<String, String> forged : tampered.entrySet()) {
            assertThatThrownBy(() -> verifier.process(forged.getValue(), null)).as(forged.getKey())
                    .isInstanceOf(Exception.class);
            assertThat(introspect(forged.getValue()).toString()).as(forged.getKey()).isEqualTo("{\"active\":false}");
            assertThat(gateway(forged.getValue())).as(forged.getKey()).isEqualTo(401);
        }
        assertThat(upstream.received).as("nothing forged reached the upstream").isEmpty();
        assertThat(gateway(access)).as("the original still works").isEqualTo(200);
    }

    @Test
    void aRevokedJwtIsInactiveAndRefusedThoughItsSignatureStillVerifies() throws Exception {
        String access = tokens(browser, "mcp").get("access_token");
        assertThat(gateway(access)).isEqualTo(200);

        assertThat(browser.postForm("/o/revoke/", Map.of("client_id", clientId, "token", access)).statusCode())
                .isEqualTo(200);

        assertThat(introspect(access).toString()).isEqualTo("{\"active\":false}");
        assertThat(gateway(access)).isEqualTo(401);
        // What docs/operations.md warns of: a server checking only the signature cannot see the revocation.
        assertThat(verifierFromMetadata(base, resource).process(access, null).getJWTID()).isNotEmpty();
    }

    @Test
    void privateKeysAreStoredEncryptedAndAWrongKeyEncryptionKeyStopsTheStart() throws Exception {
        String dump = DatabaseDump.of(Settings.from(env));
        String privateD = "\"d\":\"";
        assertThat(dump).contains("enc:v1:").doesNotContain(privateD);

        Map<String, String> wrong = new HashMap<>(env);
        wrong.put("DCR_PORT", "0");
        wrong.put("DCR_KEY_ENCRYPTION_KEY", "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=");
        assertThatThrownBy(() -> Wiring.build(Settings.from(wrong)).close())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("DCR_KEY_ENCRYPTION_KEY: ")
                .hasMessageContaining("the key encryption key is wrong");
        Map<String, String> missing = new HashMap<>(wrong);
        missing.remove("DCR_KEY_ENCRYPTION_KEY");
        assertThatThrownBy(() -> Wiring.build(Settings.from(missing)).close())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DCR_KEY_ENCRYPTION_KEY is not set");
    }

    /** A resource server's verifier knowing nothing but the authorization server's metadata URL. */
    static DefaultJWTProcessor<SecurityContext> verifierFromMetadata(String issuer, String audience) throws Exception {
        HttpResponse<String> metadata = new Browser(issuer).get(issuer + "/.well-known/oauth-authorization-server");
        JsonNode json = JSON.readTree(metadata.body());
        JWKSource<SecurityContext> keys = JWKSourceBuilder
                .create(URI.create(json.path("jwks_uri").asText()).toURL())
                .build();
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256),
                keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(json.path("issuer").asText()).build(),
                Set.of("sub", "exp", "iat", "jti", "client_id", "scope", "auth_time")));
        return processor;
    }

    private String clientId;
    private boolean signedIn;

    /** Tokens from the real flow on the browser's server: register once, sign in once, consent, exchange. */
    Map<String, String> tokens(Browser on, String scope) throws Exception {
        if (clientId == null) {
            HttpResponse<String> registered = on.postJson("/o/register/", "{\"client_name\":\"JWT test\","
                    + "\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}");
            assertThat(registered.statusCode()).isEqualTo(201);
            clientId = JSON.readTree(registered.body()).path("client_id").asText();
        }
        String authorize = "/o/authorize/?response_type=code&client_id=" + clientId + "&redirect_uri="
                + Browser.enc(REDIRECT) + "&state=s&scope=" + Browser.enc(scope) + "&resource=" + Browser.enc(resource)
                + "&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256";
        HttpResponse<String> page = on.get(authorize);
        if (!signedIn) {
            HttpResponse<String> loggedIn = on.signIn(page, username, PASSWORD);
            assertThat(loggedIn.statusCode()).isEqualTo(303);
            page = on.get(loggedIn.headers().firstValue("Location").orElseThrow());
            signedIn = true;
        }
        HttpResponse<String> approved = on.decide(page, "approve");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(303);
        HttpResponse<String> issued = on.postForm("/o/token/", Map.of("grant_type", "authorization_code",
                "client_id", clientId, "code", Browser.query(approved).get("code"), "redirect_uri", REDIRECT,
                "code_verifier", VERIFIER, "resource", resource));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        assertThat(issued.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode json = JSON.readTree(issued.body());
        return Map.of("access_token", json.path("access_token").asText(),
                "refresh_token", json.path("refresh_token").asText());
    }

    JsonNode introspect(String token) throws Exception {
        String basic = Base64.getEncoder().encodeToString((rsId + ":" + rsSecret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(base + "/o/introspect/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("token=" + Browser.enc(token))));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The status of a gateway call with the token. */
    int gateway(String token) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(resource))
                .header("Authorization", "Bearer " + token).GET()).statusCode();
    }

    int admin(String... args) {
        return AdminCommand.run(args, env, new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }
}
