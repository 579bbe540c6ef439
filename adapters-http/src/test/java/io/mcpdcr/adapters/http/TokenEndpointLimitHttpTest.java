package io.mcpdcr.adapters.http;

import static io.mcpdcr.adapters.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.BudgetThrottle;
import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.application.token.GuardTokenEndpoints;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.token.ResourceServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What anonymous callers of the token, revocation and introspection endpoints can cost: a per-address budget
 * (IPv6 keyed on its /64), a 429 past it, and refusals counted in aggregate rather than written as rows.
 */
class TokenEndpointLimitHttpTest {
    private static final int BUDGET = 3;
    private static final String RS_SECRET = "rs-secret-abcdefghijklmnop";

    private final BudgetThrottle perIp = new BudgetThrottle(BUDGET, Duration.ofMillis(1500));
    private final TestServer server = TestServer.withTokenLimit(perIp, List.of("127.0.0.1"));

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String from, Form form, String authorization) {
        var request = HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", from)
                .POST(HttpRequest.BodyPublishers.ofString(form.encode()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return server.send(request);
    }

    private HttpResponse<String> hostileToken(String from) {
        return post(TokenRoutes.TOKEN, from, Form.of("grant_type", "x"), null);
    }

    private static void assertThrottled(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("2");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(json(response).path("error").asText()).isEqualTo("too_many_requests");
        assertThat(json(response).path("error_description").asText()).isNotBlank();
    }

    @Test
    void aHostileTokenRequestWritesNoAuditRowAndIsCountedInAggregate() {
        for (int i = 0; i < BUDGET; i++) {
            assertThat(hostileToken("198.51.100.7").statusCode()).isEqualTo(400);
        }

        assertThat(server.audit.events()).isEmpty();
        assertThat(server.audit.refused(AuditAction.TOKEN, "unsupported_grant_type", "198.51.100.7"))
                .isEqualTo(BUDGET);
    }

    @Test
    void answers429OnceTheAddressSpentItsBudgetAndCountsThat() {
        for (int i = 0; i < BUDGET; i++) {
            hostileToken("198.51.100.7");
        }

        assertThrottled(hostileToken("198.51.100.7"));
        assertThat(hostileToken("198.51.100.8").statusCode()).isEqualTo(400);
        assertThat(server.audit.throttled(GuardTokenEndpoints.PER_IP_LIMIT, "198.51.100.7")).isOne();
        assertThat(server.meters.counter("dcr_throttled_total", "limit", GuardTokenEndpoints.PER_IP_LIMIT).count())
                .isEqualTo(1.0);
    }

    @Test
    void oneIpv6Slash64SharesOneBudgetAndOneCount() {
        for (int i = 1; i <= BUDGET; i++) {
            assertThat(hostileToken("2001:db8:7:1::" + Integer.toHexString(i)).statusCode()).isEqualTo(400);
        }

        assertThrottled(hostileToken("2001:db8:7:1:ffff:ffff:ffff:ffff"));
        assertThat(hostileToken("2001:db8:7:2::1").statusCode()).isEqualTo(400);
        assertThat(server.audit.refused(AuditAction.TOKEN, "unsupported_grant_type", "2001:db8:7:1:0:0:0:0/64"))
                .isEqualTo(BUDGET);
        assertThat(server.audit.throttled(GuardTokenEndpoints.PER_IP_LIMIT, "2001:db8:7:1:0:0:0:0/64")).isOne();
    }

    @Test
    void bodiesThatAreNotFormsSpendTheBudgetAndAreCountedToo() {
        for (int i = 0; i < BUDGET; i++) {
            HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri(TokenRoutes.TOKEN))
                    .header("Content-Type", "text/plain")
                    .header("X-Forwarded-For", "198.51.100.9")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=x")));
            assertThat(response.statusCode()).isEqualTo(400);
        }

        assertThrottled(hostileToken("198.51.100.9"));
        assertThat(server.audit.refused(AuditAction.TOKEN, "invalid_request", "198.51.100.9")).isEqualTo(BUDGET);
    }

    @Test
    void revocationAndTokenRequestsShareTheBudget() {
        Form revocation = Form.of("token", "x".repeat(43), "client_id", "no-such-client");
        assertThat(post(TokenRoutes.REVOKE, "198.51.100.10", revocation, null).statusCode()).isEqualTo(401);
        hostileToken("198.51.100.10");
        hostileToken("198.51.100.10");

        assertThrottled(post(TokenRoutes.REVOKE, "198.51.100.10", revocation, null));
        assertThat(server.audit.refused(AuditAction.REVOCATION, "invalid_client", "198.51.100.10")).isOne();
        assertThat(server.audit.events()).isEmpty();
    }

    @Test
    void refusedIntrospectionsSpendTheBudgetAndAreCounted() {
        String wrong = FlowFixture.basic("no-such-server", "guess");
        for (int i = 0; i < BUDGET; i++) {
            assertThat(post(TokenRoutes.INTROSPECT, "198.51.100.11", Form.of("token", "t"), wrong).statusCode())
                    .isEqualTo(401);
        }

        assertThrottled(post(TokenRoutes.INTROSPECT, "198.51.100.11", Form.of("token", "t"), wrong));
        assertThrottled(post(TokenRoutes.INTROSPECT, "198.51.100.11", Form.of("token", "t"), null));
        assertThat(server.audit.refused(AuditAction.INTROSPECTION, "invalid_client", "198.51.100.11"))
                .isEqualTo(BUDGET);
    }

    /** A resource server introspects every request it serves: its authenticated calls are its traffic, not abuse. */
    @Test
    void anAuthenticatedResourceServerIsNotLimited() {
        server.stores.addResourceServer(new ResourceServer("rs", "RS", Optional.empty()), RS_SECRET);

        for (int i = 0; i < BUDGET * 3; i++) {
            HttpResponse<String> response = post(TokenRoutes.INTROSPECT, "198.51.100.12", Form.of("token", "t" + i),
                    FlowFixture.basic("rs", RS_SECRET));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        assertThat(server.audit.refusedInTotal()).isZero();
    }

    @Test
    void registrationKeysIpv6OnItsSlash64() {
        var registerPerIp = new BudgetThrottle(1, Duration.ofSeconds(60));
        try (var registration = new TestServer(registerPerIp, Throttle.unlimited(), List.of("127.0.0.1"), null)) {
            String body = "{\"client_name\":\"x\",\"redirect_uris\":[\"https://app.example/cb\"]}";
            HttpResponse<String> first = registration.send(HttpRequest.newBuilder(registration.uri("/o/register/"))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", "2001:db8:9:9::1")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            HttpResponse<String> rotated = registration.send(HttpRequest.newBuilder(registration.uri("/o/register/"))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", "2001:db8:9:9:abcd::2")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));

            assertThat(first.statusCode()).isEqualTo(201);
            assertThat(rotated.statusCode()).isEqualTo(429);
            assertThat(registration.audit.throttled("per-ip", "2001:db8:9:9:0:0:0:0/64")).isOne();
            assertThat(registration.registry.all()).hasSize(1);
        }
    }
}
