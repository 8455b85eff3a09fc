package org.switchboard.net;

import java.io.IOException;

/**
 * A line exceeded the listener's maxLineLength. The rest of that line has already been discarded,
 * so the session may answer (e.g. SMTP 500, RFC 5321 §4.5.3.1.4) and read the next command.
 */
public final class LineTooLongException extends IOException {
    private final int limit;

    public LineTooLongException(int limit) {
        super("line longer than " + limit + " bytes");
        this.limit = limit;
    }

    public int limit() { return limit; }
}
