package org.switchboard.app.cli;

import picocli.CommandLine.IExitCodeGenerator;

/**
 * Why a command failed, as the person at the terminal should read it, with the exit status
 * scripts test. Thrown out of a verb; {@code Main} prints the message without a stack trace.
 */
final class CliFailure extends RuntimeException implements IExitCodeGenerator {
    static final int GENERAL = 1, USAGE = 2, UNAUTHORIZED = 3, FORBIDDEN = 4, NOT_FOUND = 5, CONFLICT = 6, UNREACHABLE = 7;

    private final int exitCode;
    private final int httpStatus;

    CliFailure(int exitCode, String message) { this(exitCode, message, 0); }

    CliFailure(int exitCode, String message, int httpStatus) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
    }

    /** The server's HTTP status when it refused, else 0. */
    int httpStatus() { return httpStatus; }

    static CliFailure usage(String message) { return new CliFailure(USAGE, message); }

    /** The exit status for an HTTP error status: each common refusal has its own, other client errors share 2. */
    static int exitCodeFor(int httpStatus) {
        return switch (httpStatus) {
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            default -> httpStatus >= 400 && httpStatus < 500 ? USAGE : GENERAL;
        };
    }

    @Override
    public int getExitCode() { return exitCode; }
}
