package org.switchboard.core.log;

import ch.qos.logback.core.net.SyslogAppenderBase;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an admin can tune about the log files: rotation size and count, remote syslog and the
 * enabled debug categories. Immutable and validated on construction, so a {@link LogSystem}
 * never sees a setting it cannot apply.
 */
public record LogSettings(long maxFileBytes, int maxFiles, Syslog syslog, Set<String> debugCategories) {

    public static final long MIN_FILE_BYTES = 64 * 1024;
    public static final long MAX_FILE_BYTES = 1024L * 1024 * 1024;
    public static final int MAX_FILES = 100;
    public static final int MAX_DEBUG_CATEGORIES = 256;

    // Dots would turn one category into a logger hierarchy, so switching "smtp" on would silently
    // switch on "smtp.x" as well; keep categories flat.
    private static final Pattern CATEGORY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Remote syslog over UDP (RFC 3164 framing, as logback's SyslogAppender sends it). */
    public record Syslog(boolean enabled, String host, int port, String facility) {
        public Syslog {
            Objects.requireNonNull(host, "syslog host");
            Objects.requireNonNull(facility, "syslog facility");
            host = host.strip();
            if (enabled && host.isEmpty()) throw new IllegalArgumentException("syslog host must not be empty when syslog is enabled");
            if (host.length() > 253) throw new IllegalArgumentException("syslog host is longer than 253 characters");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("syslog port must be 1..65535, got " + port);
            facility = facility.strip().toUpperCase(Locale.ROOT);
            try {
                SyslogAppenderBase.facilityStringToint(facility);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown syslog facility '" + facility
                        + "' (use KERN, USER, MAIL, DAEMON, AUTH, SYSLOG, LPR, NEWS, UUCP, CRON, AUTHPRIV, FTP, NTP,"
                        + " AUDIT, ALERT, CLOCK or LOCAL0..LOCAL7)");
            }
        }

        public static Syslog disabled() { return new Syslog(false, "localhost", 514, "MAIL"); }
    }

    public LogSettings {
        if (maxFileBytes < MIN_FILE_BYTES || maxFileBytes > MAX_FILE_BYTES)
            throw new IllegalArgumentException("maxFileBytes must be between " + MIN_FILE_BYTES + " (64 KiB) and "
                    + MAX_FILE_BYTES + " (1 GiB), got " + maxFileBytes);
        if (maxFiles < 1 || maxFiles > MAX_FILES)
            throw new IllegalArgumentException("maxFiles must be 1.." + MAX_FILES + ", got " + maxFiles);
        Objects.requireNonNull(syslog, "syslog");
        Objects.requireNonNull(debugCategories, "debugCategories");
        if (debugCategories.size() > MAX_DEBUG_CATEGORIES)
            throw new IllegalArgumentException("at most " + MAX_DEBUG_CATEGORIES + " debug categories");
        for (String c : debugCategories) {
            if (c == null || !CATEGORY.matcher(c).matches())
                throw new IllegalArgumentException("invalid debug category '" + c
                        + "': use 1-64 letters, digits, '-' or '_'");
        }
        debugCategories = Set.copyOf(debugCategories);
    }

    public static LogSettings defaults() {
        return new LogSettings(10L * 1024 * 1024, 5, Syslog.disabled(), Set.of());
    }

    public LogSettings withDebugCategories(Set<String> categories) {
        return new LogSettings(maxFileBytes, maxFiles, syslog, categories);
    }
}
