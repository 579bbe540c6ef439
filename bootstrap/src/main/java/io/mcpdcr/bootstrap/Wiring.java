package io.mcpdcr.bootstrap;

import io.javalin.Javalin;
import io.mcpdcr.adapters.http.HttpServer;
import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.adapters.jdbc.JdbiClientRegistry;
import io.mcpdcr.adapters.ratelimit.Resilience4jThrottle;
import io.mcpdcr.application.port.ClientIdGenerator;
import io.mcpdcr.application.registration.RegisterClient;
import io.mcpdcr.domain.registration.ClientMetadataPolicy;
import io.mcpdcr.domain.registration.RedirectUriPolicy;
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
            var policy = new ClientMetadataPolicy(new RedirectUriPolicy(settings.redirectSchemes()));
            var registerClient = new RegisterClient(
                    new JdbiClientRegistry(database.jdbi()),
                    Resilience4jThrottle.of(settings.registerPerIp(), settings.throttleMaxKeys()),
                    Resilience4jThrottle.of(settings.registerGlobal(), 1),
                    ClientIdGenerator.secureRandom(),
                    InstantSource.system(),
                    policy);
            return new Wiring(database, HttpServer.create(settings.http(), registerClient));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
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
