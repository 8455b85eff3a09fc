package org.switchboard.imap.handler;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.SelectedMailbox;
import org.switchboard.imap.codec.FetchItem;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.imap.codec.ImapResponseWriter;
import org.switchboard.imap.codec.SequenceSet;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.MailStoreException;
import org.switchboard.store.mail.MessageFlags;
import org.switchboard.store.mail.MessageMeta;
import org.switchboard.store.mail.MessageSummary;
import org.switchboard.store.mail.MimePart;

/**
 * FETCH and UID FETCH (RFC 9051 §6.4.5) with BINARY (RFC 3516), MODSEQ, CHANGEDSINCE and VANISHED
 * (RFC 7162 §3.1.4, §3.2.6). Flags come from the session's view, structure from the MIME tree parsed
 * at append, content is streamed from the store in ranges. Reading a body without .PEEK sets \Seen
 * first, and FLAGS is then added to the response (RFC 9051 §6.4.5).
 */
final class FetchHandler {
    static final DateTimeFormatter INTERNALDATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    void handle(ImapSession s, ImapRequest.Fetch r) throws IOException {
        SelectedMailbox mailbox = s.selected();
        MailStore store = s.context().store();
        List<FetchItem> items = new ArrayList<>(r.items());
        if (r.uid() && !items.contains(FetchItem.Simple.UID)) items.addFirst(FetchItem.Simple.UID);
        if (items.contains(FetchItem.Simple.MODSEQ) || r.changedSince() >= 0) {
            s.enableCondstore();
            if (!items.contains(FetchItem.Simple.MODSEQ)) items.add(FetchItem.Simple.MODSEQ);
        }
        List<Long> uids = MessageSets.uids(s, r.set(), r.uid());
        if (r.vanished()) {
            if (!s.enabled("QRESYNC")) throw CommandFailure.bad("VANISHED needs ENABLE QRESYNC");
            vanished(s, r, mailbox);
        }
        boolean marksSeen = !mailbox.readOnly() && mailbox.has('s') && items.stream().anyMatch(FetchHandler::marksSeen);
        boolean needsMeta = items.stream().anyMatch(i -> !(i instanceof FetchItem.Simple simple) || switch (simple) {
            case ENVELOPE, BODY, BODYSTRUCTURE, RFC822, RFC822_HEADER, RFC822_TEXT -> true;
            default -> false;
        });
        boolean missing = false;
        for (long uid : uids) {
            if (r.changedSince() >= 0 && mailbox.modseq(uid) <= r.changedSince()) continue;
            MessageMeta meta = null;
            try {
                // Size and date first: for a message that arrived since SELECT they come from the store.
                if (needsSummary(items)) mailbox.size(uid);
                if (needsMeta) {
                    Optional<MessageMeta> m = store.meta(mailbox.id(), uid);
                    if (m.isEmpty()) throw new MailStoreException.NotFound("expunged");
                    meta = m.get();
                }
            } catch (MailStoreException.NotFound e) {
                // RFC 2180 §4.1.2: expunged by another session but not yet announced; say so in the tagged answer.
                missing = true;
                continue;
            }
            boolean flagsChanged = false;
            if (marksSeen && !mailbox.flags(uid).contains(MessageFlags.SEEN)) {
                for (MessageSummary changed : store.store(mailbox.id(), List.of(uid), MailStore.FlagOp.ADD, Set.of(MessageFlags.SEEN), -1).changed()) {
                    mailbox.applyOwn(changed);
                    flagsChanged = true;
                }
            }
            write(s, mailbox, uid, meta, items, flagsChanged);
        }
        if (missing) {
            s.no(r, "EXPUNGEISSUED", "Some of the requested messages no longer exist");
            return;
        }
        s.ok(r, null, r.command() + " completed");
    }

    /** RFC 7162 §3.2.6: UIDs in the set expunged since CHANGEDSINCE, before the FETCH responses. */
    private static void vanished(ImapSession s, ImapRequest.Fetch r, SelectedMailbox mailbox) throws IOException {
        List<Long> gone = new ArrayList<>();
        long max = Math.max(1, mailbox.uidNext() - 1);
        for (long uid : s.context().store().expungedSince(mailbox.id(), r.changedSince())) {
            if (!r.set().savedResult() && r.set().contains(uid, max)) gone.add(uid);
        }
        if (!gone.isEmpty()) s.out().untagged().raw("VANISHED (EARLIER) ").raw(SequenceSet.format(gone)).end();
    }

    private static boolean needsSummary(List<FetchItem> items) {
        return items.contains(FetchItem.Simple.INTERNALDATE) || items.contains(FetchItem.Simple.RFC822_SIZE);
    }

    private static boolean marksSeen(FetchItem item) {
        return switch (item) {
            case FetchItem.BodySection b -> !b.peek();
            case FetchItem.Binary b -> !b.peek();
            case FetchItem.Simple simple -> simple == FetchItem.Simple.RFC822 || simple == FetchItem.Simple.RFC822_TEXT;
            case FetchItem.BinarySize b -> false;
        };
    }

    /** One "* n FETCH (...)" response. */
    private void write(ImapSession s, SelectedMailbox mailbox, long uid, MessageMeta meta,
                          List<FetchItem> items, boolean flagsChanged) throws IOException {
        ImapResponseWriter out = s.out();
        MailStore store = s.context().store();
        MessageParts.Source source = (from, length) -> store.open(mailbox.id(), uid, from, length);
        // Resolve every section first: a missing part or unknown encoding must not leave half a response.
        List<Object> resolved = new ArrayList<>();
        for (FetchItem item : items) resolved.add(resolve(item, meta, source));
        out.untagged().number(mailbox.seqOf(uid)).raw(" FETCH (");
        boolean first = true;
        boolean flagsWritten = false;
        for (int i = 0; i < items.size(); i++) {
            if (!first) out.sp();
            first = false;
            FetchItem item = items.get(i);
            switch (item) {
                case FetchItem.Simple simple -> {
                    switch (simple) {
                        case FLAGS -> {
                            out.raw("FLAGS ");
                            SelectedMailbox.writeFlagList(out, mailbox.shownFlags(uid));
                            flagsWritten = true;
                        }
                        case UID -> out.raw("UID ").number(uid);
                        case INTERNALDATE -> out.raw("INTERNALDATE \"").raw(INTERNALDATE.format(mailbox.internalDate(uid))).raw("\"");
                        case RFC822_SIZE -> out.raw("RFC822.SIZE ").number(mailbox.size(uid));
                        case MODSEQ -> {
                            out.raw("MODSEQ (").number(mailbox.modseq(uid)).raw(")");
                            mailbox.reported(mailbox.modseq(uid));
                        }
                        case ENVELOPE -> {
                            out.raw("ENVELOPE ");
                            BodyStructures.envelope(out, meta.root().envelope());
                        }
                        case BODY -> {
                            out.raw("BODY ");
                            BodyStructures.body(out, meta.root(), false);
                        }
                        case BODYSTRUCTURE -> {
                            out.raw("BODYSTRUCTURE ");
                            BodyStructures.body(out, meta.root(), true);
                        }
                        case RFC822 -> content(out.raw("RFC822 "), (MessageParts.Content) resolved.get(i), null, source);
                        case RFC822_HEADER -> content(out.raw("RFC822.HEADER "), (MessageParts.Content) resolved.get(i), null, source);
                        case RFC822_TEXT -> content(out.raw("RFC822.TEXT "), (MessageParts.Content) resolved.get(i), null, source);
                    }
                }
                case FetchItem.BodySection b -> {
                    out.raw("BODY[").raw(b.section().spec()).raw("]");
                    if (b.partial() != null) out.raw("<" + b.partial().offset() + ">");
                    content(out.sp(), (MessageParts.Content) resolved.get(i), b.partial(), source);
                }
                case FetchItem.Binary b -> {
                    out.raw("BINARY[").raw(path(b.part())).raw("]");
                    if (b.partial() != null) out.raw("<" + b.partial().offset() + ">");
                    binary(out.sp(), (Decoded) resolved.get(i), b.partial(), source);
                }
                case FetchItem.BinarySize b -> out.raw("BINARY.SIZE[").raw(path(b.part())).raw("] ").number(((Decoded) resolved.get(i)).size());
            }
        }
        if (flagsChanged && !flagsWritten) {
            out.raw(" FLAGS ");
            SelectedMailbox.writeFlagList(out, mailbox.shownFlags(uid));
        }
        // RFC 7162 §3.1: a FETCH that set \Seen reports UID and MODSEQ once CONDSTORE is on.
        if (flagsChanged && s.condstore()) {
            if (!items.contains(FetchItem.Simple.UID)) out.raw(" UID ").number(uid);
            if (!items.contains(FetchItem.Simple.MODSEQ)) {
                out.raw(" MODSEQ (").number(mailbox.modseq(uid)).raw(")");
                mailbox.reported(mailbox.modseq(uid));
            }
        }
        out.raw(")").end();
    }

    /**
     * A BINARY section: the part whose body is decoded, or null for BINARY[] (the whole message, which
     * has no transfer encoding of its own), and the decoded size, counted by decoding once.
     */
    private record Decoded(MimePart part, long messageSize, long size) {}

    private static Object resolve(FetchItem item, MessageMeta meta, MessageParts.Source source) throws IOException {
        return switch (item) {
            case FetchItem.Simple simple -> switch (simple) {
                case RFC822 -> new MessageParts.Range(0, meta.root().end());
                case RFC822_HEADER -> new MessageParts.Range(0, meta.root().bodyStart());
                case RFC822_TEXT -> new MessageParts.Range(meta.root().bodyStart(), meta.root().end() - meta.root().bodyStart());
                default -> null;
            };
            case FetchItem.BodySection b -> {
                // A section that does not exist is answered NIL (body data is an nstring) rather than failing the FETCH.
                yield MessageParts.content(meta.root(), b.section(), source);
            }
            case FetchItem.Binary b -> decodedPart(meta, b.part(), source);
            case FetchItem.BinarySize b -> decodedPart(meta, b.part(), source);
        };
    }

    private static Decoded decodedPart(MessageMeta meta, List<Integer> path, MessageParts.Source source) throws IOException {
        if (path.isEmpty()) return new Decoded(null, meta.root().end(), meta.root().end());
        MimePart part = MessageParts.find(meta.root(), path);
        if (part == null) throw CommandFailure.no("NONEXISTENT", "no such body part " + path(path));
        Decoded counting = new Decoded(part, meta.root().end(), -1);
        try (InputStream in = decode(counting, source)) {
            return new Decoded(part, meta.root().end(), in.transferTo(java.io.OutputStream.nullOutputStream()));
        }
    }

    private static InputStream decode(Decoded d, MessageParts.Source source) throws IOException {
        if (d.part() == null) return source.open(0, d.messageSize());
        MimePart part = d.part();
        InputStream raw = source.open(part.bodyStart(), part.end() - part.bodyStart());
        InputStream decoded = MessageParts.decoded(part, raw);
        if (decoded == null) {
            raw.close();
            // RFC 3516 §4.3: a transfer encoding the server cannot decode.
            throw CommandFailure.no("UNKNOWN-CTE", "unknown Content-Transfer-Encoding " + part.encoding());
        }
        return decoded;
    }

    private static void content(ImapResponseWriter out, MessageParts.Content content, FetchItem.Partial partial,
                                MessageParts.Source source) throws IOException {
        if (content == null) {
            out.nil();
            return;
        }
        switch (content) {
            case MessageParts.Bytes b -> {
                byte[] data = b.data();
                int from = partial == null ? 0 : (int) Math.min(partial.offset(), data.length);
                int length = partial == null ? data.length - from : (int) Math.min(partial.length(), data.length - from);
                out.literal(java.util.Arrays.copyOfRange(data, from, from + length));
            }
            case MessageParts.Range range -> {
                long skip = partial == null ? 0 : Math.min(partial.offset(), range.length());
                long length = partial == null ? range.length() : Math.min(partial.length(), range.length() - skip);
                if (length == 0) {
                    out.raw("\"\"");
                    return;
                }
                try (InputStream in = source.open(range.from() + skip, length)) {
                    out.literal(length, false, in);
                }
            }
        }
    }

    /** RFC 3516 §4.2: decoded content in a literal8, which may hold NUL. */
    private static void binary(ImapResponseWriter out, Decoded decoded, FetchItem.Partial partial, MessageParts.Source source) throws IOException {
        long skip = partial == null ? 0 : Math.min(partial.offset(), decoded.size());
        long length = partial == null ? decoded.size() : Math.min(partial.length(), decoded.size() - skip);
        try (InputStream in = decode(decoded, source)) {
            in.skipNBytes(skip);
            out.literal(length, true, in);
        }
    }

    private static String path(List<Integer> part) {
        StringBuilder b = new StringBuilder();
        for (int p : part) {
            if (!b.isEmpty()) b.append('.');
            b.append(p);
        }
        return b.toString();
    }
}
