package org.switchboard.smtp.sieve;

/**
 * A script that cannot be compiled or that failed while running, with the script line it
 * concerns (0 when none), so ManageSieve can answer NO naming the line (RFC 5804 §2.6).
 */
public final class SieveError extends IllegalArgumentException {
    private final int line;
    private final String detail;

    SieveError(int line, String detail) {
        this(line, detail, line > 0 ? "line " + line + ": " + detail : detail);
    }

    private SieveError(int line, String detail, String message) {
        super(message);
        this.line = line;
        this.detail = detail;
    }

    public int line() { return line; }

    /** The problem without the line number. */
    public String detail() { return detail; }

    /** The same error as a syntax error report: "Sieve syntax error at line N: ...". */
    SieveError reported() {
        return new SieveError(line, detail, "Sieve syntax error" + (line > 0 ? " at line " + line : "") + ": " + detail);
    }
}
