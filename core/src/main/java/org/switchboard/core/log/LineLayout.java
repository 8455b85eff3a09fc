package org.switchboard.core.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One log line: {@code [yyyy-MM-dd HH:mm:ss.SSS] message}, debug lines with a {@code {category} }
 * prefix, then the stack trace if any. Stateless apart from the immutable formatter, so one
 * instance may serve several appenders concurrently.
 */
final class LineLayout extends LayoutBase<ILoggingEvent> {

    private static final String DEBUG_PREFIX = LogKind.DEBUG.loggerName() + ".";

    private final DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        line.append('[');
        time.formatTo(event.getInstant(), line);
        line.append("] ");
        String logger = event.getLoggerName();
        if (logger.startsWith(DEBUG_PREFIX)) line.append('{').append(logger, DEBUG_PREFIX.length(), logger.length()).append("} ");
        appendEscaped(line, event.getFormattedMessage());
        line.append('\n');
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) line.append(ThrowableProxyUtil.asString(thrown));
        return line.toString();
    }

    // Messages carry peer-supplied text (HELO names, user names, SIP headers); a raw CR/LF would let
    // a peer forge whole log lines, and escape sequences would reach the admin's terminal.
    private static void appendEscaped(StringBuilder line, String message) {
        if (message == null) return;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\n') line.append("\\n");
            else if (c == '\r') line.append("\\r");
            else if (c != '\t' && Character.isISOControl(c)) line.append(String.format("\\u%04x", (int) c));
            else line.append(c);
        }
    }
}
