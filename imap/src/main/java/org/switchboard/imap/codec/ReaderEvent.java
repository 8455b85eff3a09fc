package org.switchboard.imap.codec;

/** What {@link ImapRequestReader#next} found in the bytes so far; the session acts on each kind. */
public sealed interface ReaderEvent {
    /** Everything buffered was consumed; read more bytes and call again. */
    record NeedInput() implements ReaderEvent {}

    /** A synchronizing literal was announced and accepted: send a continuation request ("+ ..."), then more bytes. */
    record Continue() implements ReaderEvent {}

    /** A complete command. For APPEND this follows the {@link MessageLiteral} and means "the command ended well". */
    record Request(ImapRequest request) implements ReaderEvent {}

    /**
     * A command refused while framing or parsing, already skipped; the connection stays usable. {@code tag}
     * is null when none could be read (answer untagged); {@code no} selects NO instead of BAD; {@code code}
     * is a response code without brackets, or null.
     */
    record Rejected(String tag, boolean no, String code, String text) implements ReaderEvent {}

    /**
     * The message literal of an APPEND is next in the input ({@code append.size()} bytes). For a
     * synchronizing literal the session sends "+" (or refuses with {@link ImapRequestReader#messageRefused});
     * it then copies or drains exactly that many bytes and calls {@link ImapRequestReader#messageConsumed}.
     */
    record MessageLiteral(ImapRequest.Append append, boolean synchronizing) implements ReaderEvent {}

    /** A raw line after {@link ImapRequestReader#readRawLine} (IDLE's DONE, SASL responses), without CRLF. */
    record Line(byte[] bytes) implements ReaderEvent {}

    ReaderEvent NEED_INPUT = new NeedInput();
    ReaderEvent CONTINUE = new Continue();
}
