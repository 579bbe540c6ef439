package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpdcr.domain.pkce.Pkce;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** An MCP client as a public OAuth client: it registers, builds PKCE requests and calls the back-channel endpoints. */
final class PublicClient {
    static final String REDIRECT_URI = "https://app.example/cb";
    static final String STATE = "af0ifjsldkj";
    static final String SCOPE = "mcp profile";

    private final TestServer server;
    final String id;
    final String redirectUri;
    final String verifier = newVerifier();

    private PublicClient(TestServer server, String id, String redirectUri) {
        this.server = server;
        this.id = id;
        this.redirectUri = redirectUri;
    }

    /** Registers over {@code POST /o/register/}; the first redirect URI is the one this client will use. */
    static PublicClient register(TestServer server, String clientName, String... redirectUris) {
        return register(server, metadata(clientName, redirectUris));
    }

    /** Registers with these members; the first redirect URI is the one this client will use. */
    static PublicClient register(TestServer server, ObjectNode body) {
        HttpResponse<String> response = server.register(body.toString());
        assertThat(response.statusCode()).as("registration: %s", response.body()).isEqualTo(201);
        return new PublicClient(server, json(response).path("client_id").asText(),
                body.path("redirect_uris").path(0).asText());
    }

    /** A registration body with a name and redirect URIs, to add members to. */
    static ObjectNode metadata(String clientName, String... redirectUris) {
        ObjectNode body = TestServer.JSON.createObjectNode().put("client_name", clientName);
        var uris = body.putArray("redirect_uris");
        for (String uri : redirectUris) {
            uris.add(uri);
        }
        return body;
    }

    /** A 43-character verifier: 32 random bytes in base64url (RFC 7636 §4.1). */
    static String newVerifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A valid authorization request with PKCE S256, state and both scopes. */
    Form authorizationRequest() {
        return Form.of(
                "response_type", "code",
                "client_id", id,
                "redirect_uri", redirectUri,
                "scope", SCOPE,
                "state", STATE,
                "code_challenge", Pkce.s256(verifier),
                "code_challenge_method", "S256");
    }

    Form codeExchange(String code) {
        return Form.of(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", redirectUri,
                "client_id", id,
                "code_verifier", verifier);
    }

    Form refreshRequest(String refreshToken) {
        return Form.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", id);
    }

    HttpResponse<String> token(Form form) {
        return post(TokenRoutes.TOKEN, form);
    }

    /** A token request with an Authorization header, e.g. HTTP Basic carrying the client_id. */
    HttpResponse<String> token(Form form, String authorization) {
        return server.send(HttpRequest.newBuilder(server.uri(TokenRoutes.TOKEN))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(form.encode())));
    }

    HttpResponse<String> revoke(String token) {
        return post(TokenRoutes.REVOKE, Form.of("token", token, "client_id", id));
    }

    private HttpResponse<String> post(String path, Form form) {
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.encode())));
    }

    /** What arrives on this client's redirect URI; fails unless the redirect goes exactly there. */
    Callback callback(HttpResponse<String> redirect) {
        return Callback.at(redirectUri, redirect);
    }

    /** The query parameters of an authorization response. */
    record Callback(Map<String, List<String>> params) {
        static Callback at(String redirectUri, HttpResponse<String> redirect) {
            return of(redirectUri, Browser.location(redirect));
        }

        /** The parameters of the "Return to" link of an error page shown before sign-in. */
        static Callback inReturnLink(String redirectUri, HttpResponse<String> page) {
            return of(redirectUri, Browser.returnLink(page));
        }

        static Callback of(String redirectUri, String location) {
            assertThat(location).as("redirect target").startsWith(redirectUri + "?");
            return new Callback(Form.decode(location.substring(redirectUri.length() + 1)));
        }

        /** The parameter's only value. */
        String param(String name) {
            assertThat(params).as("parameter " + name).containsKey(name);
            assertThat(params.get(name)).as("values of " + name).hasSize(1);
            return params.get(name).get(0);
        }

        boolean has(String name) {
            return params.containsKey(name);
        }
    }
}
