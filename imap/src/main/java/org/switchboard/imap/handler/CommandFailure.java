package org.switchboard.imap.handler;

/**
 * A handler's refusal, thrown to end a command with a tagged NO (or BAD) and an optional response code
 * (RFC 5530). Carries no stack trace: it is an answer, not an error.
 */
final class CommandFailure extends RuntimeException {
    private final boolean bad;
    private final String code;

    private CommandFailure(boolean bad, String code, String text) {
        super(text, null, false, false);
        this.bad = bad;
        this.code = code;
    }

    static CommandFailure no(String code, String text) { return new CommandFailure(false, code, text); }

    static CommandFailure bad(String text) { return new CommandFailure(true, null, text); }

    boolean bad() { return bad; }

    String code() { return code; }
}
