package org.switchboard.smtp.codec;

import java.util.regex.Pattern;

/** An enhanced mail system status code (RFC 3463): class.subject.detail, e.g. 5.1.1. */
public record EnhancedStatus(int statusClass, int subject, int detail) {
    private static final Pattern SYNTAX = Pattern.compile("([245])\\.(\\d{1,3})\\.(\\d{1,3})");

    public EnhancedStatus {
        if (statusClass != 2 && statusClass != 4 && statusClass != 5) throw new IllegalArgumentException("class must be 2, 4 or 5");
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) throw new IllegalArgumentException("subject and detail are 0..999");
    }

    /** Parses "5.1.1"; null when {@code text} is not an enhanced code. */
    public static EnhancedStatus parse(String text) {
        var m = SYNTAX.matcher(text);
        if (!m.matches()) return null;
        return new EnhancedStatus(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    public static EnhancedStatus of(String text) {
        EnhancedStatus s = parse(text);
        if (s == null) throw new IllegalArgumentException("not an enhanced status code: " + text);
        return s;
    }

    @Override
    public String toString() { return statusClass + "." + subject + "." + detail; }
}
