package org.switchboard.core.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guide's log kinds. Each kind is one SLF4J logger named {@code switchboard.<file>} and,
 * once {@link LogSystem} is configured, one rotating file {@code <data>/logs/<file>.log}.
 * Debug lines go to per-subsystem loggers {@code switchboard.debug.<category>} that are off until
 * an admin switches the category on.
 */
public enum LogKind {
    CONFIG("config"), MAIL("mail"), SECURITY("security"), WARNING("warning"), ERROR("error"),
    DEBUG("debug"), OPERATIONS("operations"), SPAM("spam"), CALL("call");

    private final String file;
    private final Logger logger;

    LogKind(String file) {
        this.file = file;
        this.logger = LoggerFactory.getLogger(loggerName(file));
    }

    static String loggerName(String file) { return "switchboard." + file; }

    /** File name stem under the logs directory, also the kind's name in the API. */
    public String file() { return file; }

    public String loggerName() { return loggerName(file); }

    public void log(String message) { logger.info(message); }

    public void log(String format, Object... args) { logger.info(format, args); }

    /** A line with the failure's stack trace below it. */
    public void log(String message, Throwable failure) { logger.info(message, failure); }

    /** A debug line in a category (e.g. "smtp-server"); dropped unless the category is on. */
    public static void debug(String category, String format, Object... args) {
        LoggerFactory.getLogger(loggerName("debug") + "." + category).debug(format, args);
    }

    /** Lets a caller skip building an expensive debug message (hex dumps, whole headers). */
    public static boolean debugEnabled(String category) {
        return LoggerFactory.getLogger(loggerName("debug") + "." + category).isDebugEnabled();
    }

    /** A line for the operator's terminal only (startup, shutdown), printed when the console is on. */
    public static void console(String format, Object... args) {
        LoggerFactory.getLogger(LogSystem.CONSOLE_LOGGER).info(format, args);
    }

    public static LogKind byFile(String file) {
        for (LogKind k : values()) if (k.file.equalsIgnoreCase(file)) return k;
        throw new IllegalArgumentException("unknown log: " + file);
    }
}
