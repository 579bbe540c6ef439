package io.mcpdcr.bootstrap;

import io.javalin.Javalin;
import io.mcpdcr.adapters.http.HttpServer;
import io.mcpdcr.adapters.http.HttpUseCases;
import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.adapters.jdbc.JdbiAuthorizationCodeStore;
import io.mcpdcr.adapters.jdbc.JdbiClientRegistry;
import io.mcpdcr.adapters.jdbc.JdbiConsentStore;
import io.mcpdcr.adapters.jdbc.JdbiResourceServerRegistry;
import io.mcpdcr.adapters.jdbc.JdbiSessionStore;
import io.mcpdcr.adapters.jdbc.JdbiTokenStore;
import io.mcpdcr.adapters.jdbc.JdbiUserStore;
import io.mcpdcr.adapters.ratelimit.Resilience4jThrottle;
import io.mcpdcr.application.authorization.AuthorizationUseCases;
import io.mcpdcr.application.authorization.LogIn;
import io.mcpdcr.application.authorization.OAuthSettings;
import io.mcpdcr.application.port.ClientIdGenerator;
import io.mcpdcr.application.registration.RegisterClient;
import io.mcpdcr.application.token.IntrospectToken;
import io.mcpdcr.application.token.IssueTokens;
import io.mcpdcr.application.token.RevokeToken;
import io.mcpdcr.domain.authorization.AuthorizationRequestPolicy;
import io.mcpdcr.domain.registration.ClientMetadataPolicy;
import io.mcpdcr.domain.registration.RedirectUriPolicy;
import java.security.SecureRandom;
import java.time.InstantSource;

/** The composition root: builds every adapter and use case by hand from {@link Settings}. */
final class Wiring implements AutoCloseable {
    private final Database database;
    private final Javalin http;

    private Wiring(Database database, Javalin http) {
        this.database = database;
        this.http = http;
    }

    static Wiring build(Settings settings) {
        Database database = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.dbPoolSize());
        try {
            return new Wiring(database, HttpServer.create(settings.http(), useCases(settings, database)));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static HttpUseCases useCases(Settings settings, Database database) {
        InstantSource clock = InstantSource.system();
        SecureRandom random = new SecureRandom();
        OAuthSettings oauth = settings.oauth();
        int maxKeys = settings.throttleMaxKeys();
        var clients = new JdbiClientRegistry(database.jdbi());
        var codes = new JdbiAuthorizationCodeStore(database.jdbi());
        var tokens = new JdbiTokenStore(database.jdbi());
        var registerClient = new RegisterClient(
                clients,
                Resilience4jThrottle.of(settings.registerPerIp(), maxKeys),
                Resilience4jThrottle.of(settings.registerGlobal(), 1),
                ClientIdGenerator.secureRandom(),
                clock,
                new ClientMetadataPolicy(new RedirectUriPolicy(settings.redirectSchemes())));
        var authorization = AuthorizationUseCases.create(clients,
                new AuthorizationRequestPolicy(settings.scopes(), settings.resources()),
                codes, new JdbiConsentStore(database.jdbi()), clock, random, oauth);
        var logIn = new LogIn(new JdbiUserStore(database.jdbi()), new JdbiSessionStore(database.jdbi()),
                Resilience4jThrottle.of(settings.loginPerIp(), maxKeys),
                Resilience4jThrottle.of(settings.loginPerUser(), maxKeys),
                clock, random, oauth.sessionLifetime());
        return new HttpUseCases(
                registerClient,
                authorization.start(),
                authorization.decide(),
                logIn,
                new IssueTokens(clients, codes, tokens, clock, random, oauth),
                new RevokeToken(clients, tokens),
                new IntrospectToken(new JdbiResourceServerRegistry(database.jdbi()), tokens, clock));
    }

    /** Starts serving and answers the port bound (useful when the configured port is 0). */
    int start(String host, int port) {
        http.start(host, port);
        return http.port();
    }

    @Override
    public void close() {
        http.stop();
        database.close();
    }
}
