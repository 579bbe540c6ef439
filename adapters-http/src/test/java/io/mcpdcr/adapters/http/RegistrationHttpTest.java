package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** POST /o/register/ over a real socket: what a client sees in status, headers and JSON. */
class RegistrationHttpTest {
    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registersAPublicClientWithDefaults() {
        HttpResponse<String> response = server.register("""
                {"client_name":"MCP Inspector","redirect_uris":["http://localhost:6274/oauth/callback"]}""");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = json(response);
        String clientId = body.path("client_id").asText();
        assertThat(Base64.getUrlDecoder().decode(clientId)).hasSizeGreaterThanOrEqualTo(16);
        assertThat(body.path("client_id_issued_at").asLong()).isEqualTo(TestServer.NOW.getEpochSecond());
        assertThat(body.path("client_name").asText()).isEqualTo("MCP Inspector");
        assertThat(body.path("redirect_uris").toString()).isEqualTo("[\"http://localhost:6274/oauth/callback\"]");
        assertThat(body.path("grant_types").toString()).isEqualTo("[\"authorization_code\",\"refresh_token\"]");
        assertThat(body.path("response_types").toString()).isEqualTo("[\"code\"]");
        assertThat(body.path("token_endpoint_auth_method").asText()).isEqualTo("none");
        assertThat(TestServer.fieldNames(body)).containsExactly("client_id", "client_id_issued_at", "client_name",
                "redirect_uris", "grant_types", "response_types", "token_endpoint_auth_method");
        assertThat(server.registry.all()).singleElement()
                .satisfies(client -> assertThat(client.id().value()).isEqualTo(clientId));
    }

    @Test
    void servesThePathWithAndWithoutTrailingSlash() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/o/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"client_name\":\"x\",\"redirect_uris\":[\"https://app.example/cb\"]}")));

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void claudeAiAsksForASecretAndIsToldItIsAPublicClient() {
        HttpResponse<String> response = server.register("""
                {"client_name":"Claude","grant_types":["authorization_code","refresh_token"],
                 "response_types":["code"],"token_endpoint_auth_method":"client_secret_post","scope":"claudeai",
                 "redirect_uris":["https://claude.ai/api/mcp/auth_callback"]}""");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = json(response);
        assertThat(body.path("token_endpoint_auth_method").asText()).isEqualTo("none");
        assertThat(body.path("scope").asText()).isEqualTo("claudeai");
        assertThat(body.has("client_secret")).isFalse();
        assertThat(body.has("client_secret_expires_at")).isFalse();
    }

    @Test
    void echoesOptionalMetadataAndDropsWhatItDoesNotUnderstand() {
        HttpResponse<String> response = server.register("""
                {"client_name":"Visual Studio Code","client_uri":"https://code.visualstudio.com",
                 "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
                 "redirect_uris":["https://vscode.dev/redirect","http://127.0.0.1/","http://127.0.0.1:33418/"],
                 "token_endpoint_auth_method":"none","application_type":"native","scope":"",
                 "logo_uri":"https://code.visualstudio.com/logo.png","tos_uri":"https://code.visualstudio.com/tos",
                 "policy_uri":"https://code.visualstudio.com/privacy","contacts":["security@example.com"],
                 "software_id":"vscode","software_version":"1.106.0","jwks_uri":"https://example.com/jwks",
                 "code_challenge_method":["S256"],"client_secret":"chosen-by-client"}""");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = json(response);
        assertThat(TestServer.fieldNames(body)).containsExactly("client_id", "client_id_issued_at", "client_name",
                "redirect_uris", "grant_types", "response_types", "token_endpoint_auth_method", "client_uri",
                "logo_uri", "tos_uri", "policy_uri", "contacts", "software_id", "software_version", "application_type");
        assertThat(body.path("redirect_uris").size()).isEqualTo(3);
        assertThat(body.path("redirect_uris").get(2).asText()).isEqualTo("http://127.0.0.1:33418/");
        assertThat(body.path("application_type").asText()).isEqualTo("native");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            fragment           | {"client_name":"x","redirect_uris":["https://app.example/cb#frag"]}
            plain http         | {"client_name":"x","redirect_uris":["http://app.example/cb"]}
            wildcard           | {"client_name":"x","redirect_uris":["https://*.example.com/cb"]}
            javascript         | {"client_name":"x","redirect_uris":["javascript:alert(1)"]}
            private-use scheme | {"client_name":"Cursor","redirect_uris":["cursor://anysphere.cursor-retrieval/oauth/callback"]}
            userinfo           | {"client_name":"x","redirect_uris":["http://localhost@evil.example/cb"]}
            empty list         | {"client_name":"x","redirect_uris":[]}
            missing            | {"client_name":"x"}
            second bad         | {"client_name":"x","redirect_uris":["https://ok.example/cb","http://evil.example/cb"]}
            web, portless loopback | {"client_name":"x","application_type":"web","redirect_uris":["http://127.0.0.1/cb"]}
            """)
    void refusesRedirectUris(String rule, String body) {
        HttpResponse<String> response = server.register(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("invalid_redirect_uri");
        assertThat(json(response).path("error_description").asText()).startsWith("redirect_uris");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(server.registry.all()).isEmpty();
    }

    @Test
    void aRefusedSchemeNamesTheSettingThatAllowsIt() {
        HttpResponse<String> response = server.register("""
                {"client_name":"Cursor","redirect_uris":["cursor://anysphere.cursor-retrieval/oauth/callback"]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("invalid_redirect_uri");
        assertThat(json(response).path("error_description").asText())
                .contains("no private-use schemes are allowed on this server", "DCR_REDIRECT_SCHEMES");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no name              | {"redirect_uris":["https://app.example/cb"]}                                                 | client_name
            name is a number     | {"client_name":42,"redirect_uris":["https://app.example/cb"]}                                | client_name
            secret-based jwt     | {"client_name":"x","redirect_uris":["https://app.example/cb"],"token_endpoint_auth_method":"private_key_jwt"} | token_endpoint_auth_method
            implicit             | {"client_name":"x","redirect_uris":["https://app.example/cb"],"response_types":["token"]}   | response_types
            client credentials   | {"client_name":"x","redirect_uris":["https://app.example/cb"],"grant_types":["client_credentials"]} | grant_types
            http client_uri      | {"client_name":"x","redirect_uris":["https://app.example/cb"],"client_uri":"http://app.example"} | client_uri
            unknown app type     | {"client_name":"x","redirect_uris":["https://app.example/cb"],"application_type":"desktop"} | application_type
            """)
    void refusesClientMetadata(String rule, String body, String field) {
        HttpResponse<String> response = server.register(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("invalid_client_metadata");
        assertThat(json(response).path("error_description").asText()).contains(field);
        assertThat(server.registry.all()).isEmpty();
    }

    @ParameterizedTest(name = "body #{index}")
    @ValueSource(strings = {
        "{\"client_name\":",
        "[{\"client_name\":\"x\"}]",
        "\"just a string\"",
        "null",
        "",
        "   ",
        "{\"client_name\":\"a\",\"client_name\":\"b\",\"redirect_uris\":[\"https://app.example/cb\"]}",
        "{\"client_name\":\"x\",\"redirect_uris\":[\"https://app.example/cb\"]} {}",
        "{'client_name':'x'}",
    })
    void refusesBodiesThatAreNotOneJsonObject(String body) {
        HttpResponse<String> response = server.register(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("invalid_client_metadata");
        assertThat(server.registry.all()).isEmpty();
    }

    @Test
    void refusesDeepNesting() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        HttpResponse<String> response = server.register(
                "{\"client_name\":\"x\",\"redirect_uris\":[\"https://app.example/cb\"],\"extra\":" + deep + "}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("invalid_client_metadata");
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] body = "{\"client_name\":\"x?\",\"redirect_uris\":[\"https://app.example/cb\"]}".getBytes();
        body[16] = (byte) 0xC3; // a lead byte followed by an ASCII quote
        HttpResponse<String> response = server.registerBytes(body, "application/json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error_description").asText()).contains("UTF-8");
    }

    @Test
    void acceptsAByteOrderMark() {
        byte[] json = "{\"client_name\":\"x\",\"redirect_uris\":[\"https://app.example/cb\"]}".getBytes();
        byte[] body = new byte[json.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(json, 0, body, 3, json.length);

        assertThat(server.registerBytes(body, "application/json; charset=UTF-8").statusCode()).isEqualTo(201);
    }

    @Test
    void refusesABodyOver64KiB() {
        String padding = "a".repeat(70_000);
        HttpResponse<String> response = server.register(
                "{\"client_name\":\"x\",\"redirect_uris\":[\"https://app.example/cb\"],\"pad\":\"" + padding + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).path("error").asText()).isEqualTo("invalid_client_metadata");
        assertThat(server.registry.all()).isEmpty();
    }

    @Test
    void refusesAChunkedBodyOver64KiB() {
        byte[] big = ("{\"pad\":\"" + "a".repeat(70_000) + "\"}").getBytes();
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/o/register/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).path("error").asText()).isEqualTo("invalid_client_metadata");
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1",
        ";", "; charset=utf-8"})
    void refusesBodiesThatAreNotJson(String contentType) {
        byte[] body = "{\"client_name\":\"x\",\"redirect_uris\":[\"https://app.example/cb\"]}".getBytes();
        HttpResponse<String> response = server.registerBytes(body, contentType);

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).path("error").asText()).isEqualTo("invalid_client_metadata");
        assertThat(server.registry.all()).isEmpty();
    }

    @Test
    void refusesAMissingContentType() {
        byte[] body = "{\"client_name\":\"x\",\"redirect_uris\":[\"https://app.example/cb\"]}".getBytes();

        assertThat(server.registerBytes(body, null).statusCode()).isEqualTo(415);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
    void answersOtherMethodsWith405(String method) {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/o/register/"))
                .method(method, HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(json(response).path("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void answersUnknownPathsWithJson404() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/nope")).GET());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").asText()).isEqualTo("not_found");
    }

    @Test
    void answersCorsPreflightForAnyOriginWithoutCredentials() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/o/register/"))
                .header("Origin", "http://localhost:6274")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, mcp-protocol-version")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                methods -> assertThat(methods).contains("POST"));
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers"))
                .contains("content-type, mcp-protocol-version");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void allowsCrossOriginRegistration() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/o/register/"))
                .header("Origin", "http://localhost:6274")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"client_name\":\"x\",\"redirect_uris\":[\"http://localhost:6274/oauth/callback\"]}")));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    }
}
