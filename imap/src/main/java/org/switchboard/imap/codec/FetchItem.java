package org.switchboard.imap.codec;

import java.util.List;

/**
 * One FETCH data item (RFC 9051 §6.4.5, RFC 3516 BINARY, RFC 7162 MODSEQ). The macros ALL, FAST and
 * FULL are expanded by the parser; RFC822, RFC822.HEADER and RFC822.TEXT are kept because their
 * response names differ from BODY[...]'s.
 */
public sealed interface FetchItem {
    enum Simple implements FetchItem { FLAGS, UID, INTERNALDATE, RFC822_SIZE, ENVELOPE, BODY, BODYSTRUCTURE, MODSEQ, RFC822, RFC822_HEADER, RFC822_TEXT }

    /** Partial fetch "<offset.length>"; length -1 when absent is not allowed in requests, only in BINARY responses. */
    record Partial(long offset, long length) {}

    /** BODY[section]<partial> or BODY.PEEK[...]. */
    record BodySection(Section section, boolean peek, Partial partial) implements FetchItem {}

    /** BINARY[part]<partial> or BINARY.PEEK[...] (RFC 3516). */
    record Binary(List<Integer> part, boolean peek, Partial partial) implements FetchItem {
        public Binary { part = List.copyOf(part); }
    }

    /** BINARY.SIZE[part] (RFC 3516). */
    record BinarySize(List<Integer> part) implements FetchItem {
        public BinarySize { part = List.copyOf(part); }
    }

    List<FetchItem> ALL = List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE);
    List<FetchItem> FAST = List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE);
    List<FetchItem> FULL = List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE, Simple.BODY);
}
