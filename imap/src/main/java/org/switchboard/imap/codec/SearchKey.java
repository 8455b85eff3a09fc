package org.switchboard.imap.codec;

import java.time.LocalDate;
import java.util.List;

/**
 * The SEARCH key grammar (RFC 9051 §6.4.4, RFC 7162 §3.1.5 MODSEQ, RFC 5182 "$") as a tree. A list of
 * keys means all of them (AND). String values are already decoded from the command's charset.
 */
public sealed interface SearchKey {
    record All() implements SearchKey {}

    /** ANSWERED, DELETED, DRAFT, FLAGGED, SEEN, KEYWORD kw and their UN- forms ({@code set} false). */
    record Flag(String flag, boolean set) implements SearchKey {}

    /** RECENT (recent), NEW (recent and unseen), OLD (not recent): RFC 3501 §6.4.4; RFC 9051 dropped them. */
    record Recent(boolean recent, boolean unseen) implements SearchKey {}

    enum TextField { BCC, BODY, CC, FROM, SUBJECT, TEXT, TO }

    /** A substring search in a field, answered by the full-text index. */
    record Text(TextField field, String value) implements SearchKey {}

    /** HEADER field-name string: substring of the named header's value; an empty string matches presence. */
    record Header(String field, String value) implements SearchKey {}

    enum DateKind { INTERNAL, SENT }

    enum Comparison { BEFORE, ON, SINCE }

    record Date(DateKind kind, Comparison comparison, LocalDate date) implements SearchKey {}

    /** LARGER n ({@code larger} true) or SMALLER n. */
    record Size(boolean larger, long bytes) implements SearchKey {}

    /** A message-number set, or "$" (RFC 5182). */
    record Sequence(SequenceSet set) implements SearchKey {}

    record Uid(SequenceSet set) implements SearchKey {}

    record Not(SearchKey key) implements SearchKey {}

    record Or(SearchKey left, SearchKey right) implements SearchKey {}

    record And(List<SearchKey> keys) implements SearchKey {
        public And { keys = List.copyOf(keys); }
    }

    /** MODSEQ [entry-name entry-type] n (RFC 7162 §3.1.5): messages with a mod-sequence of at least n. */
    record ModSeq(long modseq) implements SearchKey {}
}
