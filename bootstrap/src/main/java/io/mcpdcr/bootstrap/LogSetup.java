package io.mcpdcr.bootstrap;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures logback in code, found through {@code META-INF/services}: reading a logback.xml goes through Joran, which
 * loads hundreds of classes and cost about a tenth of the server's start-up. One line per event on standard output,
 * the root level from {@code DCR_LOG_LEVEL} (INFO when unset or unknown), libraries at WARN. An operator's own file
 * given with {@code -Dlogback.configurationFile} still wins.
 *
 * <p>Lines are written by one background thread: formatting and writing a line took about a fifth of a registration's
 * request time. Nothing is dropped (a full queue makes the caller wait), and {@link #flush()} at shutdown writes what
 * is still queued; a process killed outright may lose the last lines. A line whose writing fails, even with an Error,
 * is lost alone: {@link SurvivingAppender} keeps the thread alive.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n";
    /** The one variable read outside {@link Settings}: logging starts before Settings are read. */
    static final String LEVEL_VARIABLE = "DCR_LOG_LEVEL";
    private static final int QUEUE_SIZE = 8192;
    private static final List<String> QUIET = List.of("org.eclipse.jetty", "com.zaxxer.hikari", "org.flywaydb", "io.javalin");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        var console = new ConsoleAppender<ILoggingEvent>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        var async = new AsyncAppender();
        async.setContext(context);
        async.setName("ASYNC");
        async.setQueueSize(QUEUE_SIZE);
        async.setDiscardingThreshold(0); // never drop INFO and below when the queue fills
        var surviving = new SurvivingAppender(console);
        surviving.setContext(context);
        surviving.setName("STDOUT-SURVIVING");
        surviving.start();
        async.addAppender(surviving);
        async.start();
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv(LEVEL_VARIABLE), Level.INFO));
        root.addAppender(async);
        QUIET.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Writes the lines still queued and stops logging: the last step of a shutdown. */
    static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
