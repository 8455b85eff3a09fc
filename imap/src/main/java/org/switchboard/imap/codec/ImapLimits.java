package org.switchboard.imap.codec;

/**
 * Every bound the request reader enforces, in one place to audit. A command that trips one gets a
 * tagged BAD and the connection stays usable (the reader skips the rest of the command).
 *
 * @param maxLineBytes one line of a command, between literals, without CRLF (RFC 7162 §4 asks for
 *                     at least 8192 octets)
 * @param maxLiteralBytes a literal other than an APPEND message (mailbox names, search strings, passwords)
 * @param maxCommandBytes all lines and small literals of one command together
 * @param maxMessageBytes an APPEND message literal; advertised as APPENDLIMIT (RFC 7889)
 * @param maxNestingDepth parentheses inside one command (SEARCH, FETCH, LIST options)
 * @param maxArguments tokens in one command (atoms, strings, literals)
 * @param literalMinus true: only LITERAL- (RFC 7888 §5), non-synchronizing literals above 4096 octets are refused
 */
public record ImapLimits(int maxLineBytes, int maxLiteralBytes, int maxCommandBytes, long maxMessageBytes,
                         int maxNestingDepth, int maxArguments, boolean literalMinus) {
    /** RFC 7888 §5: the largest non-synchronizing literal a LITERAL- server must accept. */
    public static final int LITERAL_MINUS_MAX = 4096;

    public static final ImapLimits DEFAULTS = new ImapLimits(8192, 64 * 1024, 256 * 1024, 50L * 1024 * 1024, 32, 2000, false);

    public ImapLimits {
        if (maxLineBytes < 1024) throw new IllegalArgumentException("maxLineBytes must be at least 1024");
        if (maxLiteralBytes < 1) throw new IllegalArgumentException("maxLiteralBytes must be positive");
        if (maxCommandBytes < maxLineBytes) throw new IllegalArgumentException("maxCommandBytes must be at least maxLineBytes");
        if (maxMessageBytes < 1) throw new IllegalArgumentException("maxMessageBytes must be positive");
        if (maxNestingDepth < 2) throw new IllegalArgumentException("maxNestingDepth must be at least 2");
        if (maxArguments < 8) throw new IllegalArgumentException("maxArguments must be at least 8");
    }

    public ImapLimits withMaxMessageBytes(long bytes) {
        return new ImapLimits(maxLineBytes, maxLiteralBytes, maxCommandBytes, bytes, maxNestingDepth, maxArguments, literalMinus);
    }
}
