package io.mcpdcr.bootstrap;

import io.javalin.Javalin;
import io.mcpdcr.adapters.http.GracefulStop;
import io.mcpdcr.adapters.http.HttpServer;
import io.mcpdcr.adapters.http.HttpUseCases;
import io.mcpdcr.adapters.http.UpstreamSignIn;
import io.mcpdcr.adapters.http.outbound.GitHubProvider;
import io.mcpdcr.adapters.http.outbound.NimbusOidcProvider;
import io.mcpdcr.adapters.jdbc.JdbiUpstreamTransactions;
import io.mcpdcr.application.authorization.CompleteUpstreamSignIn;
import io.mcpdcr.application.authorization.StartUpstreamSignIn;
import io.mcpdcr.application.authorization.UpstreamProviders;
import io.mcpdcr.application.port.FailureBudget;
import io.mcpdcr.application.port.UpstreamProvider;
import io.mcpdcr.adapters.http.JacksonJsonObjects;
import io.mcpdcr.adapters.http.outbound.JettyClientMetadataDocuments;
import io.mcpdcr.adapters.http.outbound.NimbusClientAssertionVerifier;
import io.mcpdcr.adapters.http.MetricsAccess;
import io.mcpdcr.adapters.http.Observability;
import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.adapters.jdbc.JdbiAllowedApplications;
import io.mcpdcr.adapters.jdbc.JdbiAuditLog;
import io.mcpdcr.adapters.jdbc.JdbiAuthorizationCodeStore;
import io.mcpdcr.adapters.jdbc.JdbiClientMaintenance;
import io.mcpdcr.adapters.jdbc.JdbiClientQueries;
import io.mcpdcr.adapters.jdbc.JdbiClientRegistry;
import io.mcpdcr.adapters.jdbc.JdbiConsentInteractionStore;
import io.mcpdcr.adapters.jdbc.JdbiConsentStore;
import io.mcpdcr.adapters.jdbc.JdbiDocumentClientCache;
import io.mcpdcr.adapters.jdbc.JdbiUsedClientAssertions;
import io.mcpdcr.adapters.jdbc.JdbiGatewayRefusalCounts;
import io.mcpdcr.adapters.jdbc.JdbiMonitoringStore;
import io.mcpdcr.adapters.jdbc.JdbiRegistrationStore;
import io.mcpdcr.adapters.jdbc.JdbiResourceServerRegistry;
import io.mcpdcr.adapters.jdbc.JdbiSessionStore;
import io.mcpdcr.adapters.jdbc.JdbiSigningKeyStore;
import io.mcpdcr.adapters.jdbc.JdbiTaskLease;
import io.mcpdcr.adapters.jdbc.JdbiTokenStore;
import io.mcpdcr.adapters.jdbc.JdbiUserStore;
import io.mcpdcr.adapters.jose.KeyEncryption;
import io.mcpdcr.adapters.jose.NimbusJwtSigner;
import io.mcpdcr.application.admin.AdminAccess;
import io.mcpdcr.application.admin.ManageClients;
import io.mcpdcr.application.admin.ManageResourceServers;
import io.mcpdcr.application.admin.ManageUsers;
import io.mcpdcr.application.admin.ReviewFindings;
import io.mcpdcr.application.authorization.AuthorizationResponder;
import io.mcpdcr.application.authorization.DecideConsent;
import io.mcpdcr.application.account.ListAllowedApplications;
import io.mcpdcr.application.account.RevokeApplication;
import io.mcpdcr.application.authorization.LogIn;
import io.mcpdcr.application.authorization.LoginLimits;
import io.mcpdcr.application.authorization.OAuthSettings;
import io.mcpdcr.application.authorization.StartAuthorization;
import io.mcpdcr.application.authorization.VerificationGate;
import io.mcpdcr.application.monitoring.BoundedAuditCounts;
import io.mcpdcr.application.gateway.AuthorizeGatewayCall;
import io.mcpdcr.application.gateway.GatewayTokenCache;
import io.mcpdcr.application.gateway.RefusedTokenTally;
import io.mcpdcr.application.monitoring.PruneClients;
import io.mcpdcr.application.monitoring.PurgeExpiredData;
import io.mcpdcr.application.monitoring.ScanForAbuse;
import io.mcpdcr.application.monitoring.ShowDashboard;
import io.mcpdcr.application.port.ClientIdGenerator;
import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.application.port.TokenStore;
import io.mcpdcr.application.registration.DocumentClientRegistry;
import io.mcpdcr.application.registration.RegisterClient;
import io.mcpdcr.application.registration.RegistrationLimits;
import io.mcpdcr.application.token.AccessTokenFormat;
import io.mcpdcr.application.token.GuardTokenEndpoints;
import io.mcpdcr.application.token.GrantingClient;
import io.mcpdcr.application.token.IntrospectToken;
import io.mcpdcr.application.token.ClientAuthenticator;
import io.mcpdcr.application.token.RedeemAuthorizationCode;
import io.mcpdcr.application.token.RefuseIncompleteGrant;
import io.mcpdcr.application.token.RememberedResourceServers;
import io.mcpdcr.application.token.RevokeToken;
import io.mcpdcr.application.token.RotateRefreshToken;
import io.mcpdcr.application.token.SigningKeyRing;
import io.mcpdcr.application.token.TokenMinter;
import io.mcpdcr.domain.authorization.AuthorizationRequestPolicy;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.gateway.GatewayAccessPolicy;
import io.mcpdcr.domain.monitoring.AbusePolicy;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientIdMetadataDocumentPolicy;
import io.mcpdcr.domain.registration.ClientMetadataPolicy;
import io.mcpdcr.domain.registration.RedirectUriPolicy;
import io.mcpdcr.domain.registration.RegistrationBudgetPolicy;
import io.mcpdcr.domain.token.AudiencePolicy;
import io.mcpdcr.domain.token.SigningKeyPolicy;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root, the only one: builds every adapter and use case by hand from {@link Settings}, each store
 * once, for the server ({@link #build}) and for one admin command ({@link #withAdminTools}).
 */
final class Wiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);
    /** How often the throttle and refusal counts are written: a crash loses at most this much of them. */
    static final Duration AUDIT_COUNTS_INTERVAL = Duration.ofSeconds(5);
    /** How often the gateway's refused-token counts are written. */
    static final Duration GATEWAY_REFUSALS_INTERVAL = Duration.ofMinutes(1);
    private final Database database;
    private final JdbiRegistrationStore registrations;
    private final Javalin http;
    private final RecurringTasks tasks;
    private final boolean tasksEnabled;
    private final JettyClientMetadataDocuments documents;
    private final PeriodicFlush auditCounts;
    private final PeriodicFlush gatewayRefusals;
    private final GracefulStop stop;

    private Wiring(Database database, JdbiRegistrationStore registrations, Javalin http, RecurringTasks tasks,
            boolean tasksEnabled, JettyClientMetadataDocuments documents, PeriodicFlush auditCounts,
            PeriodicFlush gatewayRefusals, GracefulStop stop) {
        this.database = database;
        this.registrations = registrations;
        this.http = http;
        this.tasks = tasks;
        this.tasksEnabled = tasksEnabled;
        this.documents = documents;
        this.auditCounts = auditCounts;
        this.gatewayRefusals = gatewayRefusals;
        this.stop = stop;
    }

    static Wiring build(Settings settings) {
        return build(settings, null);
    }

    /** @param documentTrust what fetched client metadata documents' servers are verified with; null for the JDK's */
    static Wiring build(Settings settings, SSLContext documentTrust) {
        Database database = Database.connect(settings.dbUrl(), settings.dbUser(), settings.dbPassword(),
                settings.dbPoolSize());
        // Flyway checks the schema while the rest is built, a good part of start-up; nothing queries before the join.
        CompletableFuture<Void> migrated = CompletableFuture.runAsync(database::migrate);
        var documents = new JettyClientMetadataDocuments(settings.documentHostsAllowed(), Duration.ofSeconds(5), 8, 2,
                documentTrust);
        // A registration waits for its commit no longer than a request waits for a connection: both end in a 503.
        var registrations = JdbiRegistrationStore.start(database.jdbi(), Database.CONNECTION_TIMEOUT);
        try {
            InstantSource clock = InstantSource.system();
            var stores = Stores.over(database, clock);
            var meters = meters(stores.clientQueries());
            var stop = new GracefulStop();
            var observability = new Observability(meters, meters::scrape, metricsAccess(settings), database::isReachable,
                    stop);
            var admin = adminTools(stores, settings, clock);
            var refusals = new RefusedTokenTally(new JdbiGatewayRefusalCounts(database.jdbi()), clock);
            // Every count an anonymous caller can cause goes through the bound, so a flood from any number of
            // addresses adds a bounded number of rows an hour; and through memory, so it costs no write per request.
            var audit = new BoundedAuditCounts(stores.auditLog(), stores.auditLog(),
                    BoundedAuditCounts.DEFAULT_MAX_KEYS_PER_HOUR);
            // One token store for introspection, the token endpoint and the gateway: on PostgreSQL their lookups then
            // share batches; and every revocation passes the gateway's cache, which forgets the family at once.
            var tokens = new GatewayTokenCache(database.isPostgresql()
                    ? JdbiTokenStore.sharingLookups(database.jdbi())
                    : new JdbiTokenStore(database.jdbi()), clock);
            Optional<SigningKeyRing> signingKeys = signingKeys(settings, database, clock);
            var limiters = Limiters.over(database, settings.throttleMaxKeys(), clock);
            var http = HttpServer.create(settings.http(),
                    useCases(settings, stores, registrations, clock, admin, documents, audit, tokens, signingKeys,
                            limiters),
                    observability, settings.gateway(),
                    new AuthorizeGatewayCall(tokens, new GatewayAccessPolicy(), clock, refusals),
                    upstreamSignIn(settings, stores, clock, audit, limiters));
            awaitMigration(migrated);
            signingKeys.ifPresent(keys -> startKeyRing(keys, settings));
            RecurringTasks tasks = tasks(settings, stores, clock, meters, admin.prune());
            signingKeys.ifPresent(keys -> tasks.add(RecurringTasks.SIGNING_KEYS, keys.cacheLifetime(), () -> {
                SigningKeyRing.Maintenance done = keys.maintain();
                return "created=" + done.created() + " dropped=" + done.dropped() + " current=" + done.currentKid();
            }));
            return new Wiring(database, registrations, http, tasks, settings.tasksEnabled(), documents,
                    new PeriodicFlush("audit counts", AUDIT_COUNTS_INTERVAL, audit::flush),
                    new PeriodicFlush("gateway refusal counts", GATEWAY_REFUSALS_INTERVAL, refusals::flush), stop);
        } catch (RuntimeException e) {
            migrated.handle((done, failure) -> null).join(); // never close the pool under a running migration
            registrations.close();
            documents.close();
            database.close();
            throw e;
        }
    }

    /** The key ring of JWT access tokens, when that is the format. */
    private static Optional<SigningKeyRing> signingKeys(Settings settings, Database database, InstantSource clock) {
        Settings.AccessTokens format = settings.accessTokens();
        if (!format.jwt()) {
            return Optional.empty();
        }
        return Optional.of(new SigningKeyRing(new JdbiSigningKeyStore(database.jdbi(), clock),
                new NimbusJwtSigner(format.algorithm(), format.keyEncryption()),
                new SigningKeyPolicy(format.rotation(), settings.accessTokenLifetime()), clock));
    }

    /** Makes the first key on a new database and reads every private key: a wrong key encryption key stops here. */
    private static void startKeyRing(SigningKeyRing keys, Settings settings) {
        if (!settings.accessTokens().keyEncryption().encrypts()) {
            String database = settings.dbUrl().replaceAll("[?;].*", "");
            LOG.warn("JWT signing keys: private keys are stored in clear in table signing_key of {}; set "
                    + "DCR_KEY_ENCRYPTION_KEY to store them encrypted", database);
        }
        try {
            SigningKeyRing.Maintenance started = keys.start();
            LOG.info("JWT access tokens: signing with kid={} (keys created now: {})", started.currentKid(),
                    started.created());
        } catch (KeyEncryption.KeyUnreadableException e) {
            throw new ConfigurationException("DCR_KEY_ENCRYPTION_KEY", e.getMessage());
        }
    }

    private static void awaitMigration(CompletableFuture<Void> migrated) {
        try {
            migrated.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Opens the configured database for one admin command and runs it with the use cases built over it. */
    static <T> T withAdminTools(Settings settings, Function<AdminTools, T> work) {
        try (Database database = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), 2)) {
            InstantSource clock = InstantSource.system();
            return work.apply(adminTools(Stores.over(database, clock), settings, clock));
        }
    }

    private static AdminTools adminTools(Stores stores, Settings settings, InstantSource clock) {
        return new AdminTools(
                new ManageUsers(stores.users(), stores.auditLog(), clock),
                new ManageClients(stores.clientQueries(), stores.maintenance(), stores.auditLog(), stores.auditLog(),
                        clock),
                // Any absolute resource may be registered; DCR_ALLOWED_RESOURCES is the authorization endpoint's list.
                new ManageResourceServers(stores.resourceServers(), new AuthorizationRequestPolicy(ScopeSet.EMPTY, Set.of())),
                new ReviewFindings(stores.monitoring(), stores.auditLog(), clock),
                new PruneClients(stores.maintenance(), stores.auditLog(), clock, settings.pruneNeverUsedAfter(),
                        settings.pruneUnusedAfter()));
    }

    /** The database adapters more than one use case shares, each built once. */
    private record Stores(
            Database database,
            JdbiUserStore users,
            JdbiClientQueries clientQueries,
            JdbiClientMaintenance maintenance,
            JdbiAuditLog auditLog,
            JdbiMonitoringStore monitoring,
            JdbiResourceServerRegistry resourceServers) {
        static Stores over(Database database, InstantSource clock) {
            return new Stores(database, new JdbiUserStore(database.jdbi()), new JdbiClientQueries(database.jdbi()),
                    new JdbiClientMaintenance(database.jdbi(), clock), new JdbiAuditLog(database.jdbi()),
                    new JdbiMonitoringStore(database.jdbi()), new JdbiResourceServerRegistry(database.jdbi()));
        }
    }

    private static PrometheusMeterRegistry meters(JdbiClientQueries clients) {
        var meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        Gauge.builder("dcr_clients_live", () -> liveClients(clients))
                .description("registered clients that are not disabled").register(meters);
        return meters;
    }

    /** NaN while the database is down: a scrape must not fail because of it. */
    private static double liveClients(JdbiClientQueries clients) {
        try {
            return clients.countLive();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static MetricsAccess metricsAccess(Settings settings) {
        return switch (settings.metrics()) {
            case "public" -> new MetricsAccess(MetricsAccess.Mode.PUBLIC, Optional.empty());
            case "token" -> new MetricsAccess(MetricsAccess.Mode.TOKEN, settings.metricsToken());
            default -> MetricsAccess.off();
        };
    }

    private static RecurringTasks tasks(Settings settings, Stores stores, InstantSource clock,
            PrometheusMeterRegistry meters, PruneClients prune) {
        return new RecurringTasks(
                prune,
                new PurgeExpiredData(stores.monitoring(), clock, settings.auditRetention()),
                new ScanForAbuse(stores.monitoring(), new AbusePolicy(settings.abuse()), clock),
                new JdbiTaskLease(stores.database().jdbi()), clock, meters, settings.taskIntervals());
    }

    private static HttpUseCases useCases(Settings settings, Stores stores, JdbiRegistrationStore registrations,
            InstantSource clock, AdminTools admin, JettyClientMetadataDocuments documents, BoundedAuditCounts audit,
            TokenStore tokens, Optional<SigningKeyRing> signingKeys, Limiters limiters) {
        Database database = stores.database();
        SecureRandom random = new SecureRandom();
        OAuthSettings oauth = settings.oauth();
        var registered = new JdbiClientRegistry(database.jdbi());
        var metadataPolicy = new ClientMetadataPolicy(new RedirectUriPolicy(settings.redirectSchemes()));
        // One registration budget, spent by registrations and by first fetches of metadata documents alike.
        var registrationLimits = new RegistrationLimits(
                limiters.perKey("register-ip", settings.registerPerIp()),
                limiters.single("register-global", settings.registerGlobal()),
                settings.ipv6Prefix(),
                limiters.perKey("register-host", settings.hostedClients().perHost()),
                new RegistrationBudgetPolicy(settings.hostedClients().hosts()));
        ClientRegistry clients = settings.clientIdMetadataDocuments()
                ? new DocumentClientRegistry(registered, new JdbiDocumentClientCache(database.jdbi()), documents,
                        new JacksonJsonObjects(), new ClientIdMetadataDocumentPolicy(metadataPolicy),
                        registrationLimits, Wiring::warnServingStale, audit, clock)
                : registered;
        var policy = new AuthorizationRequestPolicy(settings.scopes(), settings.allowedResources());
        var codes = new JdbiAuthorizationCodeStore(database.jdbi());
        var registerClient = new RegisterClient(
                registrations,
                registrationLimits,
                ClientIdGenerator.secureRandom(),
                clock,
                metadataPolicy,
                audit);
        var consents = new JdbiConsentStore(database.jdbi());
        var responder = new AuthorizationResponder(clients, policy, codes, clock, random, oauth, audit);
        var users = stores.users();
        var loginLimits = new LoginLimits(limiters.perKey("login-ip", settings.loginPerIp()), settings.ipv6Prefix(),
                limiters.failureBudget("login-user-network", settings.loginPerUser()),
                limiters.failureBudget("login-user", settings.loginPerUserTotal()));
        var logIn = new LogIn(users, new JdbiSessionStore(database.jdbi()), loginLimits,
                new VerificationGate(loginConcurrency(settings)), clock, random, oauth.sessionLifetime(), audit);
        AccessTokenFormat format = signingKeys.<AccessTokenFormat>map(
                        keys -> new AccessTokenFormat.Jwt(keys, settings.accessTokens().preferredUsername()))
                .orElseGet(AccessTokenFormat.Opaque::new);
        var minter = new TokenMinter(clients, tokens, clock, random, oauth, policy,
                new AudiencePolicy(settings.defaultResource()), audit, format);
        var allowed = new JdbiAllowedApplications(database.jdbi());
        var authenticator = new ClientAuthenticator(new NimbusClientAssertionVerifier(documents, clock),
                new JdbiUsedClientAssertions(database.jdbi()), HttpServer.clientAssertionAudiences(oauth.issuer()), clock);
        var grantingClient = new GrantingClient(clients, authenticator);
        return new HttpUseCases(
                registerClient,
                new StartAuthorization(responder, consents),
                new DecideConsent(responder, consents, new JdbiConsentInteractionStore(database.jdbi()), clock, random),
                logIn,
                new GuardTokenEndpoints(limiters.perKey("token-ip", settings.tokenPerIp()), settings.ipv6Prefix(),
                        audit, clock),
                new RedeemAuthorizationCode(grantingClient, codes, tokens, clock, minter),
                new RotateRefreshToken(grantingClient, tokens, clock, minter),
                new RefuseIncompleteGrant(grantingClient),
                new RevokeToken(clients, authenticator, tokens, audit, clock),
                new IntrospectToken(
                        new RememberedResourceServers(stores.resourceServers(), clock), tokens,
                        clock),
                new ShowDashboard(users, stores.clientQueries(), stores.monitoring(), admin.prune(), clock),
                new AdminAccess(users),
                admin.clients(),
                admin.users(),
                admin.findings(),
                new ListAllowedApplications(allowed, clock),
                new RevokeApplication(allowed, audit, clock),
                signingKeys);
    }

    /**
     * Sign-in through upstream providers ({@code DCR_LOGIN}). Starting one spends a per-address budget of the size
     * of {@code DCR_LOGIN_PER_IP}, its own, since it checks no password.
     */
    private static UpstreamSignIn upstreamSignIn(Settings settings, Stores stores, InstantSource clock,
            BoundedAuditCounts audit, Limiters limiters) {
        LoginSettings login = settings.login();
        List<UpstreamProvider> providers = new ArrayList<>();
        login.oidc().ifPresent(oidc -> providers.add(new NimbusOidcProvider(oidc.issuer(), oidc.clientId(),
                oidc.clientSecret(), oidc.scopes(), oidc.name())));
        login.github().ifPresent(github -> providers.add(new GitHubProvider(github.url(), github.clientId(),
                github.clientSecret(), !login.githubOrgs().isEmpty())));
        var upstream = new UpstreamProviders(providers, settings.oauth().issuer());
        if (providers.isEmpty()) {
            return UpstreamSignIn.localOnly(settings.oauth().issuer());
        }
        SecureRandom random = new SecureRandom();
        // Each start spends the sign-in budget of its address, counted across instances like the local form's.
        var limits = new LoginLimits(limiters.perKey("upstream-sign-in", settings.loginPerIp()),
                settings.ipv6Prefix(), FailureBudget.unlimited(), FailureBudget.unlimited());
        var transactions = new JdbiUpstreamTransactions(stores.database().jdbi());
        return new UpstreamSignIn(login.local(), upstream,
                new StartUpstreamSignIn(upstream, transactions, limits, StartUpstreamSignIn.DEFAULT_MAX_LIVE, clock,
                        random),
                new CompleteUpstreamSignIn(upstream, transactions, login.policy(), stores.users(),
                        new JdbiSessionStore(stores.database().jdbi()), audit, clock, random,
                        settings.oauth().sessionLifetime()));
    }

    /** The configured number of concurrent password checks, or as many as this JVM's heap holds. */
    private static int loginConcurrency(Settings settings) {
        return settings.loginConcurrency().orElseGet(() -> VerificationGate.slotsFor(Runtime.getRuntime().maxMemory(),
                JdbiUserStore.verificationBytes(), Runtime.getRuntime().availableProcessors()));
    }

    private static void warnServingStale(ClientId client, String reason, Instant until) {
        LOG.warn("serving the last good copy of client metadata document client_id={} until {}: refetch failed: {}",
                client.value(), until, reason);
    }

    /** Starts serving and answers the port bound (useful when the configured port is 0). */
    int start(String host, int port) {
        http.start(host, port);
        auditCounts.start();
        gatewayRefusals.start();
        if (tasksEnabled) {
            tasks.start();
        }
        return http.port();
    }

    /** Writes the throttle and refusal counts now rather than at the next interval: for tests reading them back. */
    void flushAuditCounts() {
        auditCounts.flush();
    }

    /**
     * A stop on SIGTERM: readiness turns 503 and every connection closes after its next answer, while the instance
     * serves on for the drain, so a load balancer moves to the others without a failed request; then open event
     * streams end cleanly, the listener closes, requests in flight get up to the timeout, and everything is flushed.
     */
    void shutDownGracefully(Settings.Shutdown shutdown) {
        // Embedded H2 is one instance, with no load balancer to leave; and H2's own exit hook (which AUTO_SERVER
        // needs) closes its file at SIGTERM, so a drain would only serve errors.
        Duration drain = database.isPostgresql() ? shutdown.drain() : Duration.ZERO;
        stop.beginDrain();
        LOG.info("draining for {} s before stopping", drain.toSeconds());
        try {
            Thread.sleep(drain.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop.allowInFlight(shutdown.timeout());
        close();
        LOG.info("dcr-server stopped");
    }

    @Override
    public void close() {
        tasks.close();
        // A stream open now would hold a graceful stop until its timeout; its client reconnects elsewhere.
        stop.closeStreams();
        http.stop();
        // After HTTP, so the last requests are counted; before the pool they write with.
        auditCounts.close();
        gatewayRefusals.close();
        // After HTTP, so requests still in flight get their commits; before the pool, which the writer uses.
        registrations.close();
        documents.close();
        database.close();
    }
}
