package io.mcpdcr.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.mcpdcr.application.fakes.InMemoryClientRegistry;
import io.mcpdcr.application.port.ClientIdGenerator;
import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.application.registration.RegisterClient;
import io.mcpdcr.domain.registration.ClientMetadataPolicy;
import io.mcpdcr.domain.registration.RedirectUriPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/** A started server on a random loopback port, with in-memory ports, and a JDK HTTP client to call it. */
final class TestServer implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    final InMemoryClientRegistry registry = new InMemoryClientRegistry();
    private final Javalin app;
    private final HttpClient client = HttpClient.newHttpClient();

    TestServer(Throttle perIp, Throttle global, List<String> trustedProxies, ClientRegistry registryOverride) {
        var registerClient = new RegisterClient(
                registryOverride == null ? registry : registryOverride,
                perIp,
                global,
                ClientIdGenerator.secureRandom(),
                InstantSource.fixed(NOW),
                new ClientMetadataPolicy(RedirectUriPolicy.strict()));
        app = HttpServer.create(new HttpSettings(trustedProxies, HttpSettings.DEFAULT_MAX_BODY_BYTES), registerClient)
                .start("127.0.0.1", 0);
    }

    TestServer() {
        this(Throttle.unlimited(), Throttle.unlimited(), List.of(), null);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> register(String json) {
        return send(HttpRequest.newBuilder(uri("/o/register/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> registerBytes(byte[] body, String contentType) {
        var request = HttpRequest.newBuilder(uri("/o/register/")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> fieldNames(JsonNode node) {
        var names = new java.util.LinkedHashSet<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Override
    public void close() {
        app.stop();
    }
}
