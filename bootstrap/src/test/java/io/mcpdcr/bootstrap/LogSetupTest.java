package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogSetupTest {
    @Test
    void theServerLogsThroughIt() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOfSatisfying(LoggerContext.class,
                context -> assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN));
    }

    @Test
    void oneLinePerEventOnStandardOutputWithLibrariesQuietenedAllWrittenByTheStop() {
        var context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        var setup = new LogSetup();
        setup.setContext(context);
        PrintStream original = System.out;
        var captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel())
                    .isEqualTo(Level.toLevel(System.getenv("DCR_LOG_LEVEL"), Level.INFO));
            context.getLogger("io.mcpdcr.bootstrap.Main").info("dcr-server listening");
            context.getLogger("org.flywaydb.core.Flyway").info("migrating");
            context.getLogger("com.zaxxer.hikari.pool.HikariPool").warn("pool warning");
        } finally {
            context.stop(); // lines are written by a background thread: stopping writes those still queued
            System.setOut(original);
        }

        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  \\[.+\\] "
                + "i\\.mcpdcr\\.bootstrap\\.Main - dcr-server listening");
        assertThat(lines[1]).contains("WARN  ").endsWith("c.z.h.pool.HikariPool - pool warning");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a dead writer blocks the logging thread
    void aLineThatMeetsAnErrorIsLostAloneAndLoggingCarriesOn() {
        var context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        var setup = new LogSetup();
        setup.setContext(context);
        PrintStream original = System.out;
        var captured = new ByteArrayOutputStream();
        var failOnce = new java.util.concurrent.atomic.AtomicBoolean();
        System.setOut(new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                if (failOnce.compareAndSet(false, true)) {
                    throw new OutOfMemoryError("injected");
                }
                captured.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8));
        try {
            setup.configure(context);
            var log = context.getLogger("io.mcpdcr.bootstrap.Main");
            log.warn("first line");
            for (int i = 0; i < 10_000; i++) { // more than the queue holds: a dead writer would block this thread
                log.warn("line {}", i);
            }
        } finally {
            context.stop();
            System.setOut(original);
        }

        String written = captured.toString(StandardCharsets.UTF_8);
        assertThat(written).doesNotContain("first line").contains("line 0").contains("line 9999");
    }
}
