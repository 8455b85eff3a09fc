package org.switchboard.imap.codec;

/**
 * A command the parser refuses. Carries what the session needs to answer: the tag (null when none
 * could be read, answered untagged), whether the answer is NO instead of BAD (BADCHARSET, TOOBIG), and
 * an optional response code. The message is shown to the client, so it never echoes raw input at length.
 */
final class ImapParseException extends Exception {
    private final String tag;
    private final String code;
    private final boolean no;

    ImapParseException(String tag, String message) {
        this(tag, message, null, false);
    }

    ImapParseException(String tag, String message, String code, boolean no) {
        super(message, null, false, false);
        this.tag = tag;
        this.code = code;
        this.no = no;
    }

    String tag() { return tag; }

    String code() { return code; }

    boolean no() { return no; }
}
