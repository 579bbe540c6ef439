package io.mcpdcr.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.BudgetThrottle;
import io.mcpdcr.application.port.Throttle;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Health endpoints and the Prometheus scrape, as an operator's probes and Prometheus see them. */
class OperationsHttpTest {
    private static final String VALID = "{\"client_name\":\"x\",\"redirect_uris\":[\"https://app.example/cb\"]}";

    @Test
    void countsWhatAScriptedSessionDid() {
        try (var server = new TestServer(new BudgetThrottle(3, Duration.ofSeconds(60)), Throttle.unlimited(), List.of(),
                null)) {
            server.register(VALID);
            server.register(VALID);
            server.register("{\"client_name\":\"x\",\"redirect_uris\":[\"http://evil.example/cb\"]}");
            server.register(VALID); // the fourth attempt from this address is throttled

            String scrape = scrape(server, null).body();

            assertThat(scrape)
                    .contains("dcr_registrations_total{error=\"none\",outcome=\"created\"} 2.0")
                    .contains("dcr_registrations_total{error=\"invalid_redirect_uri\",outcome=\"refused\"} 1.0")
                    .contains("dcr_registrations_total{error=\"none\",outcome=\"throttled\"} 1.0")
                    .contains("dcr_throttled_total{limit=\"per-ip\"} 1.0")
                    .contains("http_server_requests_seconds_count{method=\"POST\",route=\"/o/register\",status=\"201\"} 2")
                    .doesNotContain("evil.example");
        }
    }

    @Test
    void countsLoginsAndTokenExchanges() {
        try (var flow = new FlowFixture()) {
            flow.tokens();
            var stranger = new Browser(flow.server);
            stranger.submitLogin(stranger.authorize(flow.client.authorizationRequest()), FlowFixture.USER, "wrong pass");
            flow.client.token(flow.client.codeExchange("no-such-code"));

            String scrape = scrape(flow.server, null).body();

            assertThat(scrape)
                    .contains("dcr_logins_total{outcome=\"succeeded\"} 1.0")
                    .contains("dcr_logins_total{outcome=\"refused\"} 1.0")
                    .contains("dcr_consents_total{decision=\"approve\"} 1.0")
                    .contains("dcr_authorizations_total{outcome=\"code\"} 1.0")
                    .contains("dcr_tokens_total{error=\"none\",grant_type=\"authorization_code\",outcome=\"issued\"} 1.0")
                    .contains("dcr_tokens_total{error=\"invalid_grant\",grant_type=\"authorization_code\","
                            + "outcome=\"refused\"} 1.0");
        }
    }

    @Test
    void metricsCanBeOffOrBehindAToken() {
        try (var off = new TestServer(MetricsAccess.off())) {
            assertThat(scrape(off, null).statusCode()).isEqualTo(404);
        }
        var token = new MetricsAccess(MetricsAccess.Mode.TOKEN, Optional.of("s3cret-scrape-token-0123"));
        try (var guarded = new TestServer(token)) {
            HttpResponse<String> anonymous = scrape(guarded, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
            assertThat(scrape(guarded, "Bearer wrong-token").statusCode()).isEqualTo(401);
            HttpResponse<String> allowed = scrape(guarded, "Bearer s3cret-scrape-token-0123");
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("Content-Type")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("text/plain"));
        }
    }

    @Test
    void readinessFollowsTheDatabase() {
        try (var server = new TestServer()) {
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(server, "/health/ready").body()).isEqualTo("{\"status\":\"up\"}");

            server.databaseReady.set(false);

            HttpResponse<String> ready = get(server, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("{\"status\":\"down\"}");
            assertThat(get(server, "/health/live").statusCode()).as("alive while the database is down").isEqualTo(200);
        }
    }

    private static HttpResponse<String> scrape(TestServer server, String authorization) {
        var request = HttpRequest.newBuilder(server.uri("/metrics")).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return server.send(request);
    }

    private static HttpResponse<String> get(TestServer server, String path) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).GET());
    }
}
