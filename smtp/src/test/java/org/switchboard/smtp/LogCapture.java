package org.switchboard.smtp;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.switchboard.core.log.LogKind;

/** Collects the lines written to one log kind while open. */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture(LogKind kind) {
        logger = (Logger) LoggerFactory.getLogger(kind.loggerName());
        appender.start();
        logger.addAppender(appender);
    }

    public List<String> lines() {
        // ListAppender appends under the appender's own monitor.
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    public boolean has(String... fragments) {
        return lines().stream().anyMatch(line -> {
            for (String f : fragments) if (!line.contains(f)) return false;
            return true;
        });
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
