package io.mcpdcr.bootstrap;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.time.Duration;

/**
 * Hands each event to the appender that writes it, and stops anything it throws. The background log thread dies on
 * the first Error that reaches it (an OutOfMemoryError while formatting, say), and its full queue then blocks every
 * caller that logs: the whole server. So a failure here is reported on logback's status, followed by a short pause
 * so that a lasting one does not spin, and the next event is written as usual.
 */
final class SurvivingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    static final Duration FAILURE_PAUSE = Duration.ofMillis(100);

    private final Appender<ILoggingEvent> delegate;

    SurvivingAppender(Appender<ILoggingEvent> delegate) {
        this.delegate = delegate;
    }

    @Override
    protected void append(ILoggingEvent event) {
        try {
            delegate.doAppend(event);
        } catch (Throwable e) {
            addError("writing a log line failed; the line is lost, logging carries on: " + e);
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(FAILURE_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the log thread's own stop signal: let it see it
        }
    }

    @Override
    public void stop() {
        super.stop();
        delegate.stop();
    }
}
