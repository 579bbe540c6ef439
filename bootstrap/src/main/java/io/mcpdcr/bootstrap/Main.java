package io.mcpdcr.bootstrap;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the service (no arguments) or an admin command: reads the environment, wires everything, serves. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0) {
            var out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            var err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
            int status = AdminCommand.run(args, System.getenv(), System.in, out, err);
            LogSetup.flush();
            System.exit(status);
        }
        serve();
    }

    private static void serve() {
        long started = System.nanoTime();
        Settings settings;
        try {
            settings = Settings.from(System.getenv());
        } catch (ConfigurationException e) {
            System.err.println("dcr-server: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Wiring wiring;
        int port;
        try {
            wiring = Wiring.build(settings);
            port = wiring.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            LOG.error("dcr-server could not start: {}", e.getMessage(), e);
            LogSetup.flush();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            wiring.shutDownGracefully(settings.shutdown());
            LogSetup.flush();
        }, "shutdown"));
        exitZeroOnSigterm();
        LOG.info("dcr-server listening on {}:{} issuer={} database={} started_in_ms={}",
                settings.host(), port, settings.issuer(), databaseKind(settings.dbUrl()),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * SIGTERM is how operators and orchestrators ask for a stop, and the graceful stop above completes it: exit 0, not
     * the JVM's 143, so a supervisor does not report a failure. The hook runs as for any exit. SIGINT keeps 130.
     * sun.misc.Signal is in jdk.unsupported, kept for exactly this (JEP 260); javac warns about it all the same.
     */
    private static void exitZeroOnSigterm() {
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> System.exit(0));
    }

    private static String databaseKind(String url) {
        return url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
    }
}
