package io.mcpdcr.domain.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.registration.ClientIdMetadataDocumentPolicy.DocumentCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Documents as their clients publish them: what this server does not support is ignored or dropped. */
class ClientIdMetadataDocumentPolicyTest {
    private static final String VS_CODE = "https://vscode.dev/oauth/client-metadata.json";

    private final ClientIdMetadataDocumentPolicy policy =
            new ClientIdMetadataDocumentPolicy(new ClientMetadataPolicy(RedirectUriPolicy.strict()));

    /** VS Code's document as served at its client_id (see adapters-http's real-clients fixtures). */
    private static Map<String, Object> vsCode() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("client_name", "Visual Studio Code");
        document.put("logo_uri", "https://code.visualstudio.com/assets/branding/code-stable.png");
        document.put("grant_types",
                List.of("authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"));
        document.put("response_types", List.of("code"));
        document.put("token_endpoint_auth_method", "none");
        document.put("application_type", "native");
        document.put("client_id", VS_CODE);
        document.put("client_uri", "https://vscode.dev/product");
        document.put("redirect_uris", List.of("http://127.0.0.1:33418/", "https://vscode.dev/redirect"));
        return document;
    }

    private static Map<String, Object> vsCodeWith(String member, Object value) {
        Map<String, Object> document = vsCode();
        document.put(member, value);
        return document;
    }

    private ClientMetadata valid(Map<String, Object> document) {
        DocumentCheck check = policy.check(VS_CODE, document);
        assertThat(check).isInstanceOf(DocumentCheck.Valid.class);
        return ((DocumentCheck.Valid) check).metadata();
    }

    private String refusal(Map<String, Object> document) {
        DocumentCheck check = policy.check(VS_CODE, document);
        assertThat(check).isInstanceOf(DocumentCheck.Invalid.class);
        return ((DocumentCheck.Invalid) check).reason();
    }

    @Test
    void acceptsVsCodesDocumentAndDropsTheDeviceCodeGrant() {
        ClientMetadata metadata = valid(vsCode());

        assertThat(metadata.clientName()).isEqualTo("Visual Studio Code");
        assertThat(metadata.grantTypes()).containsExactly("authorization_code", "refresh_token");
        assertThat(metadata.redirectUris()).containsExactly("http://127.0.0.1:33418/", "https://vscode.dev/redirect");
        assertThat(metadata.applicationType()).contains("native");
    }

    @Test
    void refusesADocumentWithNoUsableGrantLeft() {
        assertThat(refusal(vsCodeWith("grant_types", List.of("urn:ietf:params:oauth:grant-type:device_code"))))
                .isEqualTo("the client metadata document is invalid: grant_types must contain authorization_code");
    }

    @ParameterizedTest(name = "treats {0} as a public client")
    @ValueSource(strings = {"client_secret_basic", "client_secret_post"})
    void treatsASecretBasedMethodAsAPublicClient(String method) {
        assertThat(valid(vsCodeWith("token_endpoint_auth_method", method)).tokenEndpointAuthMethod()).isEqualTo("none");
    }

    @Test
    void ignoresKeyMembersItDoesNotUse() {
        Map<String, Object> document = vsCode();
        document.put("jwks_uri", "https://vscode.dev/oauth/jwks.json");
        document.put("jwks", Map.of("keys", List.of(Map.of("kty", "RSA", "e", "AQAB"))));
        document.put("token_endpoint_auth_signing_alg", "RS256");
        document.put("token_endpoint_auth_methods_supported", List.of("none", "private_key_jwt"));

        assertThat(valid(document)).isEqualTo(valid(vsCode()));
    }

    @Test
    void stillRefusesWhatWouldWidenTheClient() {
        assertThat(refusal(vsCodeWith("response_types", List.of("code", "token"))))
                .endsWith("response_types may contain only code");
        assertThat(refusal(vsCodeWith("token_endpoint_auth_method", "client_secret_jwt")))
                .endsWith("token_endpoint_auth_method must be none: only public clients can register");
        assertThat(refusal(vsCodeWith("client_secret", "published"))).endsWith("must not contain client_secret: such clients are public");
        assertThat(refusal(vsCodeWith("redirect_uris", List.of("http://vscode.dev/redirect"))))
                .contains("may use http only on localhost");
    }

    private static final Map<String, Object> JWKS =
            Map.of("keys", List.of(Map.of("kty", "EC", "crv", "P-256", "x", "x", "y", "y")));

    @Test
    void acceptsPrivateKeyJwtWithInlineKeys() {
        Map<String, Object> document = vsCodeWith("token_endpoint_auth_method", "private_key_jwt");
        document.put("jwks", JWKS);

        ClientMetadata metadata = valid(document);

        assertThat(metadata.tokenEndpointAuthMethod()).isEqualTo("private_key_jwt");
        assertThat(metadata.keys()).contains(new ClientKeys.Inline(JWKS));
    }

    @Test
    void acceptsPrivateKeyJwtWithAJwksUri() {
        Map<String, Object> document = vsCodeWith("token_endpoint_auth_method", "private_key_jwt");
        document.put("jwks_uri", "https://vscode.dev/oauth/jwks.json");

        assertThat(valid(document).keys()).contains(new ClientKeys.Remote("https://vscode.dev/oauth/jwks.json"));
    }

    @Test
    void refusesPrivateKeyJwtWithoutUsableKeys() {
        Map<String, Object> none = vsCodeWith("token_endpoint_auth_method", "private_key_jwt");
        assertThat(refusal(none)).endsWith("private_key_jwt needs exactly one of jwks and jwks_uri");

        Map<String, Object> both = vsCodeWith("token_endpoint_auth_method", "private_key_jwt");
        both.put("jwks", JWKS);
        both.put("jwks_uri", "https://vscode.dev/oauth/jwks.json");
        assertThat(refusal(both)).endsWith("private_key_jwt needs exactly one of jwks and jwks_uri");

        Map<String, Object> http = vsCodeWith("token_endpoint_auth_method", "private_key_jwt");
        http.put("jwks_uri", "http://vscode.dev/oauth/jwks.json");
        assertThat(refusal(http)).endsWith("jwks_uri must be an https URL with a host and no userinfo");

        Map<String, Object> empty = vsCodeWith("token_endpoint_auth_method", "private_key_jwt");
        empty.put("jwks", Map.of("keys", List.of()));
        assertThat(refusal(empty)).endsWith("jwks must be a JWK Set: an object whose keys member holds 1 to 10 keys");
    }

    @Test
    void refusesADocumentServedForAnotherClientId() {
        assertThat(refusal(vsCodeWith("client_id", "https://evil.example/doc")))
                .isEqualTo("the client metadata document is invalid: its client_id must equal the URL it is served from, exactly");
    }
}
