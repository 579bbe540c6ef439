package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.BudgetThrottle;
import io.mcpdcr.application.port.Throttle;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 429 answers, and which address a limit is keyed on. */
class ThrottleHttpTest {
    private static final String VALID = "{\"client_name\":\"x\",\"redirect_uris\":[\"https://app.example/cb\"]}";

    @Test
    void answers429WithRetryAfterWhenALimitIsSpent() {
        var perIp = new BudgetThrottle(1, Duration.ofMillis(1500));
        try (var server = new TestServer(perIp, Throttle.unlimited(), List.of(), null)) {
            assertThat(server.register(VALID).statusCode()).isEqualTo(201);
            HttpResponse<String> refused = server.register(VALID);

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).contains("2"); // whole seconds, rounded up
            assertThat(json(refused).path("error").asText()).isEqualTo("too_many_requests");
            assertThat(server.registry.all()).hasSize(1);
        }
    }

    @Test
    void malformedAttemptsCountToo() {
        var perIp = new BudgetThrottle(1, Duration.ofSeconds(60));
        try (var server = new TestServer(perIp, Throttle.unlimited(), List.of(), null)) {
            assertThat(server.register("{broken").statusCode()).isEqualTo(400);
            assertThat(server.register(VALID).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void ignoresForwardedForFromAnUntrustedPeer() {
        var perIp = new BudgetThrottle(1, Duration.ofSeconds(60));
        try (var server = new TestServer(perIp, Throttle.unlimited(), List.of(), null)) {
            assertThat(registerFrom(server, "203.0.113.1").statusCode()).isEqualTo(201);
            assertThat(registerFrom(server, "203.0.113.2").statusCode()).isEqualTo(429);
            assertThat(perIp.attempts("register:127.0.0.1")).isEqualTo(2);
            assertThat(server.registry.all().get(0).source().address()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void keysOnTheForwardedClientBehindATrustedProxy() {
        var perIp = new BudgetThrottle(1, Duration.ofSeconds(60));
        try (var server = new TestServer(perIp, Throttle.unlimited(), List.of("127.0.0.0/8"), null)) {
            assertThat(registerFrom(server, "203.0.113.1").statusCode()).isEqualTo(201);
            assertThat(registerFrom(server, "203.0.113.2").statusCode()).isEqualTo(201);
            assertThat(registerFrom(server, "203.0.113.1").statusCode()).isEqualTo(429);
            // The left-most hop is whatever the client wrote; the right-most untrusted hop is the client.
            assertThat(registerFrom(server, "198.51.100.7, 203.0.113.2").statusCode()).isEqualTo(429);
            assertThat(perIp.attempts("register:198.51.100.7")).isZero();
        }
    }

    @Test
    void perIpRefusalDoesNotSpendTheGlobalBudget() {
        var perIp = new BudgetThrottle(1, Duration.ofSeconds(60));
        var global = new BudgetThrottle(2, Duration.ofSeconds(60));
        try (var server = new TestServer(perIp, global, List.of("127.0.0.1"), null)) {
            assertThat(registerFrom(server, "203.0.113.1").statusCode()).isEqualTo(201);
            assertThat(registerFrom(server, "203.0.113.1").statusCode()).isEqualTo(429);
            assertThat(registerFrom(server, "203.0.113.2").statusCode()).isEqualTo(201);
            assertThat(registerFrom(server, "203.0.113.3").statusCode()).isEqualTo(429);
            assertThat(global.attempts("register")).isEqualTo(3);
        }
    }

    private static HttpResponse<String> registerFrom(TestServer server, String forwardedFor) {
        return server.send(HttpRequest.newBuilder(server.uri("/o/register/"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(VALID)));
    }
}
