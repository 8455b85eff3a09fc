package org.switchboard.pop3.codec;

/** A command line that is not valid POP3; answered with -ERR, the session goes on. */
public final class Pop3SyntaxException extends Exception {
    public Pop3SyntaxException(String message) { super(message); }
}
