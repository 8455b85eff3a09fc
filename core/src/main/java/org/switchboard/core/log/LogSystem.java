package org.switchboard.core.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.net.SyslogAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.LifeCycle;
import ch.qos.logback.core.status.Status;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Owns logback's (global) context: one rotating file per {@link LogKind}, root warnings routed to the
 * warning/error files, optional console and UDP syslog, and the debug category switches. Configured
 * in code, so no logback.xml is read. Thread-safe: reconfiguration is serialised by a lock, logging
 * itself never takes it. At most one instance is live; {@link #configure} stops the previous one.
 */
public final class LogSystem {

    /** Lines logged here go to stdout only, and only when the console is on (startup banners). */
    public static final String CONSOLE_LOGGER = "switchboard.console";

    private static final String PRODUCT_LOGGER = "switchboard";
    private static final String DEBUG_PREFIX = LogKind.DEBUG.loggerName() + ".";
    private static final int MAX_PATTERN_LENGTH = 1000;
    private static final List<String> KNOWN_DEBUG_CATEGORIES = List.of(
            "net", "http", "api", "auth", "directory", "store", "smtp-server", "smtp-client", "imap-server",
            "pop3-server", "sip", "media", "ldap", "xmpp", "dav", "tls");
    private static final ReentrantLock ACTIVE_LOCK = new ReentrantLock();
    private static LogSystem active; // guarded by ACTIVE_LOCK

    private final LoggerContext context;
    private final Path dir;
    private final Map<LogKind, KindFile> files = new EnumMap<>(LogKind.class);
    private final ConsoleAppender<ILoggingEvent> console;
    private final LibraryRoute libraries;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile LogSettings settings;
    private SyslogAppender syslog; // guarded by lock
    private boolean stopped; // guarded by lock

    private LogSystem(LoggerContext context, Path dir, LogSettings settings, boolean withConsole) {
        this.context = context;
        this.dir = dir;
        this.settings = settings;
        LineLayout layout = new LineLayout();
        layout.setContext(context);
        layout.start();

        try {
            for (LogKind kind : LogKind.values()) {
                KindFile file = new KindFile(context, dir, kind.file(), layout, settings.maxFileBytes(), settings.maxFiles());
                file.start();
                files.put(kind, file);
            }
            console = withConsole ? consoleAppender(context, layout) : null;
        } catch (RuntimeException e) {
            files.values().forEach(KindFile::stop);
            throw e;
        }
        libraries = new LibraryRoute(files.get(LogKind.WARNING), files.get(LogKind.ERROR), console);
        libraries.setContext(context);
        libraries.start();
    }

    /**
     * Resets logback and writes every kind to {@code <logsDir>/<kind>.log} from now on.
     *
     * @throws UncheckedIOException if the directory cannot be created
     * @throws IllegalArgumentException if syslog is enabled but its host cannot be resolved
     */
    public static LogSystem configure(Path logsDir, LogSettings settings, boolean console) {
        Objects.requireNonNull(settings, "settings");
        Path dir = logsDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create log directory " + dir, e);
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context))
            throw new IllegalStateException("SLF4J is bound to " + factory.getClass().getName() + ", not logback");

        ACTIVE_LOCK.lock();
        try {
            if (active != null) active.stop();
            context.reset();
            LogSystem system = new LogSystem(context, dir, settings, console);
            try {
                system.wire();
            } catch (RuntimeException e) {
                system.stop();
                throw e;
            }
            active = system;
            return system;
        } finally {
            ACTIVE_LOCK.unlock();
        }
    }

    private void wire() {
        Logger product = context.getLogger(PRODUCT_LOGGER);
        product.setLevel(Level.INFO);
        // Each kind lands in its own file and nowhere else: nothing below "switchboard" reaches root.
        product.setAdditive(false);
        context.getLogger(LogKind.DEBUG.loggerName()).setLevel(Level.INFO);
        for (LogKind kind : LogKind.values()) context.getLogger(kind.loggerName()).addAppender(files.get(kind));

        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(libraries);

        if (console != null) {
            context.getLogger(LogKind.WARNING.loggerName()).addAppender(console);
            context.getLogger(LogKind.ERROR.loggerName()).addAppender(console);
            context.getLogger(CONSOLE_LOGGER).addAppender(console);
        }
        context.getLogger(CONSOLE_LOGGER).setAdditive(false);

        lock.lock();
        try {
            if (settings.syslog().enabled()) swapSyslog(startSyslog(settings.syslog()));
            applyDebugCategories(settings.debugCategories());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies new settings to the live files: size limit and window (rotated files beyond the new
     * window are deleted), syslog on/off/target, debug categories. Nothing changes if syslog fails.
     */
    public void apply(LogSettings newSettings) {
        Objects.requireNonNull(newSettings, "settings");
        lock.lock();
        try {
            if (stopped) throw new IllegalStateException("log system is stopped");
            LogSettings.Syslog target = newSettings.syslog();
            if (!target.equals(settings.syslog())) swapSyslog(target.enabled() ? startSyslog(target) : null);
            for (KindFile file : files.values()) file.resize(newSettings.maxFileBytes(), newSettings.maxFiles());
            applyDebugCategories(newSettings.debugCategories());
            settings = newSettings;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove old rotated log files in " + dir, e);
        } finally {
            lock.unlock();
        }
    }

    /** The settings last applied; {@link #debugCategories()} is the live view of the levels. */
    public LogSettings settings() {
        return settings;
    }

    /** Categories whose logger is at DEBUG right now, sorted. */
    public Set<String> debugCategories() {
        TreeSet<String> on = new TreeSet<>();
        for (Logger logger : context.getLoggerList()) {
            if (logger.getName().startsWith(DEBUG_PREFIX) && logger.getLevel() == Level.DEBUG)
                on.add(logger.getName().substring(DEBUG_PREFIX.length()));
        }
        return Collections.unmodifiableSortedSet(on);
    }

    /**
     * Categories the product's subsystems log under. Categories are free-form, so this list is what
     * the admin UI offers, not a whitelist.
     */
    public static List<String> knownDebugCategories() {
        return KNOWN_DEBUG_CATEGORIES;
    }

    /** The last {@code lines} lines (1..100000) of the kind's current file, oldest first. */
    public List<String> tail(LogKind kind, int lines) {
        Path file = file(kind);
        try {
            return LogFileReader.tail(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Lines of the kind's current file that match, newest last; when more than {@code limit} match,
     * the newest {@code limit}. A plain pattern matches case-insensitively anywhere in the line; a
     * regex is used as given (Java syntax, {@code find()} semantics).
     */
    public List<String> search(LogKind kind, String pattern, boolean regex, int limit) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isEmpty() || pattern.length() > MAX_PATTERN_LENGTH)
            throw new IllegalArgumentException("search pattern must be 1.." + MAX_PATTERN_LENGTH + " characters");
        Pattern compiled;
        try {
            compiled = regex ? Pattern.compile(pattern)
                    : Pattern.compile(Pattern.quote(pattern), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
        Predicate<String> matches = line -> compiled.matcher(line).find();
        Path file = file(kind);
        try {
            return LogFileReader.search(file, matches, limit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Empties the kind's current file (rotated files stay); logging continues into it. */
    public void clear(LogKind kind) {
        try {
            files.get(kind).clear();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + file(kind), e);
        }
    }

    public Path file(LogKind kind) {
        return files.get(Objects.requireNonNull(kind, "kind")).file();
    }

    /** Closes every file and resets logback; until the next {@link #configure} nothing is logged. */
    public void stop() {
        ACTIVE_LOCK.lock();
        lock.lock();
        try {
            if (stopped) return;
            stopped = true;
            for (KindFile file : files.values()) file.stop();
            libraries.stop();
            if (console != null) console.stop();
            if (syslog != null) syslog.stop();
            syslog = null;
            context.reset();
            if (active == this) active = null;
        } finally {
            lock.unlock();
            ACTIVE_LOCK.unlock();
        }
    }

    private SyslogAppender startSyslog(LogSettings.Syslog target) {
        SyslogAppender appender = new SyslogAppender();
        appender.setContext(context);
        appender.setName("syslog");
        appender.setSyslogHost(target.host());
        appender.setPort(target.port());
        appender.setFacility(target.facility());
        appender.setCharset(StandardCharsets.UTF_8);
        // RFC 3164 section 4.1.3: TAG is the program name and a colon, then CONTENT.
        appender.setSuffixPattern("switchboard: %logger{0}: %msg");
        try {
            startOrThrow(context, appender, "cannot start syslog to " + target.host() + ":" + target.port());
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return appender;
    }

    // Debug lines stay local: a category switched on for troubleshooting can produce far more
    // traffic than a remote syslog should receive.
    private void swapSyslog(SyslogAppender next) {
        SyslogAppender previous = syslog;
        for (LogKind kind : LogKind.values()) {
            if (kind == LogKind.DEBUG) continue;
            Logger logger = context.getLogger(kind.loggerName());
            if (next != null) logger.addAppender(next);
            if (previous != null) logger.detachAppender(previous);
        }
        libraries.syslog(next);
        if (previous != null) previous.stop();
        syslog = next;
    }

    private void applyDebugCategories(Set<String> categories) {
        for (Logger logger : context.getLoggerList()) {
            String name = logger.getName();
            if (name.startsWith(DEBUG_PREFIX) && logger.getLevel() != null
                    && !categories.contains(name.substring(DEBUG_PREFIX.length()))) {
                logger.setLevel(null);
            }
        }
        for (String category : categories) context.getLogger(DEBUG_PREFIX + category).setLevel(Level.DEBUG);
    }

    private static ConsoleAppender<ILoggingEvent> consoleAppender(LoggerContext context, LineLayout layout) {
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("console");
        appender.setEncoder(encoder);
        startOrThrow(context, appender, "cannot start console output");
        return appender;
    }

    /** Starts a logback component and turns its silent failure (a status entry) into an exception. */
    static void startOrThrow(Context context, LifeCycle part, String what) {
        long before = System.currentTimeMillis();
        part.start();
        if (part.isStarted()) return;
        List<String> reasons = new ArrayList<>();
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getLevel() == Status.ERROR && status.getTimestamp() >= before) {
                Throwable cause = status.getThrowable();
                reasons.add(status.getMessage() + (cause == null ? "" : " (" + cause + ")"));
            }
        }
        throw new IllegalStateException(what + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons)));
    }
}
