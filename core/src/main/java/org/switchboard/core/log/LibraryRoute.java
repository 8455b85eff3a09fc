package org.switchboard.core.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * The root logger's only appender: third-party (and non-kind) warnings go to the warning file,
 * errors additionally to the error file. It forwards to the kinds' own appenders because two
 * appenders rotating one file would corrupt it. The syslog target changes at runtime.
 */
final class LibraryRoute extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private final Appender<ILoggingEvent> warning;
    private final Appender<ILoggingEvent> error;
    private final Appender<ILoggingEvent> console;
    private volatile Appender<ILoggingEvent> syslog;

    /** {@code console} may be null (no console output). */
    LibraryRoute(Appender<ILoggingEvent> warning, Appender<ILoggingEvent> error, Appender<ILoggingEvent> console) {
        this.warning = warning;
        this.error = error;
        this.console = console;
        setName("libraries");
    }

    void syslog(Appender<ILoggingEvent> target) {
        this.syslog = target;
    }

    @Override
    protected void append(ILoggingEvent event) {
        // A library logger set to DEBUG by hand still propagates here; the files take WARN and up only.
        if (!event.getLevel().isGreaterOrEqual(Level.WARN)) return;
        warning.doAppend(event);
        if (event.getLevel().isGreaterOrEqual(Level.ERROR)) error.doAppend(event);
        if (console != null) console.doAppend(event);
        Appender<ILoggingEvent> remote = syslog;
        if (remote != null) remote.doAppend(event);
    }
}
