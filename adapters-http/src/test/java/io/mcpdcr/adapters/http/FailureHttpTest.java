package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.List;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a client sees when the server's own parts fail: JSON errors, no stack traces. */
class FailureHttpTest {
    private static final String VALID = "{\"client_name\":\"x\",\"redirect_uris\":[\"https://app.example/cb\"]}";

    @Test
    void answers503WhenTheStoreIsDown() {
        try (var server = new TestServer(Throttle.unlimited(), Throttle.unlimited(), List.of(),
                failing(new StoreUnavailableException("client registry unavailable", new SQLException("refused"))))) {
            HttpResponse<String> response = server.register(VALID);

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(response).path("error").asText()).isEqualTo("temporarily_unavailable");
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("refused");
        }
    }

    @Test
    void answers500WithoutAStackTraceOnABug() {
        try (var server = new TestServer(Throttle.unlimited(), Throttle.unlimited(), List.of(),
                failing(new IllegalStateException("secret internal detail")))) {
            HttpResponse<String> response = server.register(VALID);

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(json(response).path("error").asText()).isEqualTo("server_error");
            assertThat(response.body()).doesNotContain("secret internal detail").doesNotContain("at io.");
        }
    }

    private static ClientRegistry failing(RuntimeException failure) {
        return new ClientRegistry() {
            @Override
            public void add(ClientRegistration client) {
                throw failure;
            }

            @Override
            public Optional<ClientRegistration> find(ClientId id) {
                throw failure;
            }

            @Override
            public void recordUse(ClientId id, Instant at) {
                throw failure;
            }
        };
    }
}
