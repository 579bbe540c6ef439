package io.mcpdcr.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.mcpdcr.application.admin.AdminAccess;
import io.mcpdcr.application.admin.ManageClients;
import io.mcpdcr.application.admin.ManageUsers;
import io.mcpdcr.application.admin.ReviewFindings;
import io.mcpdcr.application.authorization.AuthorizationResponder;
import io.mcpdcr.application.authorization.DecideConsent;
import io.mcpdcr.application.authorization.StartAuthorization;
import io.mcpdcr.application.account.ListAllowedApplications;
import io.mcpdcr.application.account.RevokeApplication;
import io.mcpdcr.application.fakes.InMemoryAllowedApplications;
import io.mcpdcr.application.authorization.LogIn;
import io.mcpdcr.application.authorization.LoginLimits;
import io.mcpdcr.application.authorization.VerificationGate;
import io.mcpdcr.application.authorization.OAuthSettings;
import io.mcpdcr.application.fakes.InMemoryClientRegistry;
import io.mcpdcr.application.fakes.InMemoryClientDirectory;
import io.mcpdcr.application.fakes.InMemoryClientMaintenance;
import io.mcpdcr.application.fakes.InMemoryMonitoringStore;
import io.mcpdcr.application.fakes.InMemoryOAuthStores;
import io.mcpdcr.application.monitoring.PruneClients;
import io.mcpdcr.application.monitoring.ShowDashboard;
import io.mcpdcr.application.port.RegistrationStatistics;
import io.mcpdcr.application.fakes.RecordingAuditLog;
import io.mcpdcr.application.token.GuardTokenEndpoints;
import io.mcpdcr.application.token.GrantingClient;
import io.mcpdcr.application.token.IntrospectToken;
import io.mcpdcr.application.fakes.FakeClientAssertions;
import io.mcpdcr.application.token.ClientAuthenticator;
import io.mcpdcr.application.token.RedeemAuthorizationCode;
import io.mcpdcr.application.token.RefuseIncompleteGrant;
import io.mcpdcr.application.token.RevokeToken;
import io.mcpdcr.application.token.RotateRefreshToken;
import io.mcpdcr.application.token.TokenMinter;
import io.mcpdcr.domain.authorization.AuthorizationRequestPolicy;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.network.AddressBlock;
import io.mcpdcr.domain.token.AudiencePolicy;
import io.mcpdcr.application.port.ClientIdGenerator;
import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.application.port.RegistrationStore;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Set;

/** A started server on a random loopback port, with in-memory ports, and a JDK HTTP client to call it. */
final class TestServer implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    static final String ISSUER = "http://localhost:9999";
    static final ScopeSet SCOPES = ScopeSet.parse("mcp profile");

    final InMemoryClientRegistry registry = new InMemoryClientRegistry();
    final InMemoryOAuthStores stores = new InMemoryOAuthStores();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final InMemoryMonitoringStore monitoring = new InMemoryMonitoringStore();
    private final Javalin app;
    private final HttpClient client = HttpClient.newHttpClient();

    final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final AtomicBoolean databaseReady = new AtomicBoolean(true);

    TestServer(Throttle perIp, Throttle global, List<String> trustedProxies, ClientRegistry registryOverride) {
        this(ISSUER, perIp, global, trustedProxies, registryOverride, new MetricsAccess(MetricsAccess.Mode.PUBLIC,
                Optional.empty()));
    }

    TestServer(String issuer, Throttle perIp, Throttle global, List<String> trustedProxies,
            ClientRegistry registryOverride) {
        this(issuer, perIp, global, trustedProxies, registryOverride, new MetricsAccess(MetricsAccess.Mode.PUBLIC,
                Optional.empty()));
    }

    TestServer(MetricsAccess metricsAccess) {
        this(ISSUER, Throttle.unlimited(), Throttle.unlimited(), List.of(), null, metricsAccess);
    }

    TestServer(String issuer, Throttle perIp, Throttle global, List<String> trustedProxies,
            ClientRegistry registryOverride, MetricsAccess metricsAccess) {
        this(issuer, perIp, global, Throttle.unlimited(), trustedProxies, registryOverride, metricsAccess);
    }

    /** A server whose token, revocation and introspection endpoints share {@code tokenPerIp}. */
    static TestServer withTokenLimit(Throttle tokenPerIp, List<String> trustedProxies) {
        return new TestServer(ISSUER, Throttle.unlimited(), Throttle.unlimited(), tokenPerIp, trustedProxies, null,
                new MetricsAccess(MetricsAccess.Mode.PUBLIC, Optional.empty()));
    }

    private TestServer(String issuer, Throttle perIp, Throttle global, Throttle tokenPerIp, List<String> trustedProxies,
            ClientRegistry registryOverride, MetricsAccess metricsAccess) {
        ClientRegistry clients = registryOverride == null ? registry : registryOverride;
        InstantSource clock = InstantSource.fixed(NOW);
        SecureRandom random = new SecureRandom();
        var settings = new OAuthSettings(issuer, Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofDays(30),
                Duration.ofHours(12));
        var registerClient = new RegisterClient(RegistrationStore.of(clients, audit), perIp, AddressBlock.DEFAULT_IPV6_PREFIX, global, ClientIdGenerator.secureRandom(), clock,
                new ClientMetadataPolicy(RedirectUriPolicy.strict()), audit);
        var policy = new AuthorizationRequestPolicy(SCOPES, Set.of());
        var responder = new AuthorizationResponder(clients, policy, stores, clock, random, settings, audit);
        var maintenance = new InMemoryClientMaintenance(registry, stores);
        var minter = new TokenMinter(clients, stores, clock, random, settings, policy, AudiencePolicy.withoutDefault(),
                audit);
        var allowed = new InMemoryAllowedApplications(stores, clients);
        var assertions = new FakeClientAssertions();
        var authenticator = new ClientAuthenticator(assertions, assertions,
                HttpServer.clientAssertionAudiences(issuer), clock);
        var grantingClient = new GrantingClient(clients, authenticator);
        var useCases = new HttpUseCases(registerClient, new StartAuthorization(responder, stores),
                new DecideConsent(responder, stores, stores, clock, random),
                new LogIn(stores, stores, LoginLimits.none(), new VerificationGate(4), clock, random,
                        settings.sessionLifetime(), audit),
                new GuardTokenEndpoints(tokenPerIp, AddressBlock.DEFAULT_IPV6_PREFIX, audit, clock),
                new RedeemAuthorizationCode(grantingClient, stores, stores, clock, minter),
                new RotateRefreshToken(grantingClient, stores, clock, minter),
                new RefuseIncompleteGrant(grantingClient),
                new RevokeToken(clients, authenticator, stores, audit, clock),
                new IntrospectToken(stores, stores, clock),
                new ShowDashboard(stores, statistics(), monitoring, new PruneClients(maintenance, audit, clock,
                        Duration.ofHours(24), Duration.ofDays(90)), clock),
                new AdminAccess(stores),
                new ManageClients(new InMemoryClientDirectory(registry, stores), maintenance, audit, audit, clock),
                new ManageUsers(stores, audit, clock),
                new ReviewFindings(monitoring, audit, clock),
                new ListAllowedApplications(allowed, clock),
                new RevokeApplication(allowed, audit, clock));
        app = HttpServer.create(new HttpSettings(issuer, SCOPES, settings.sessionLifetime(), trustedProxies,
                        HttpSettings.DEFAULT_MAX_BODY_BYTES, true), useCases,
                        new Observability(meters, meters::scrape, metricsAccess, databaseReady::get))
                .start("127.0.0.1", 0);
    }

    /** Statistics computed from the in-memory registry, as the JDBC queries compute them from the table. */
    private RegistrationStatistics statistics() {
        return new RegistrationStatistics() {
            @Override
            public List<HourlyCount> registrationsPerHour(Instant from) {
                var perHour = new java.util.TreeMap<Instant, Integer>();
                registry.all().stream().filter(client -> !client.issuedAt().isBefore(from)).forEach(client ->
                        perHour.merge(client.issuedAt().truncatedTo(java.time.temporal.ChronoUnit.HOURS), 1, Integer::sum));
                return perHour.entrySet().stream().map(e -> new HourlyCount(e.getKey(), e.getValue(), 0, 0)).toList();
            }

            @Override
            public List<RecentRegistration> latestRegistrations(int limit) {
                return registry.all().stream().limit(limit).map(client -> new RecentRegistration(client.id(),
                        client.metadata().clientName(), client.issuedAt(), client.source().address(),
                        client.metadata().redirectUris())).toList();
            }
        };
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
