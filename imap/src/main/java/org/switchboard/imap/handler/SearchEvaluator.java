package org.switchboard.imap.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.SelectedMailbox;
import org.switchboard.imap.codec.SearchKey;
import org.switchboard.imap.codec.SequenceSet;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.MessageFlags;
import org.switchboard.store.mail.MessageMeta;

/**
 * Evaluates a SEARCH key tree (RFC 9051 §6.4.4) over the session's view: flags, sizes, dates, numbers
 * and MODSEQ from metadata; BODY, TEXT, SUBJECT, FROM, TO, CC and BCC through the store's full-text
 * index; HEADER by reading the header of each candidate. Only messages in the view can match, so no
 * UID the client has not been told about (EXISTS) can appear. Single use, session thread.
 */
final class SearchEvaluator {
    private final ImapSession session;
    private final SelectedMailbox mailbox;
    private final MailStore store;
    private final TreeSet<Long> all;
    private final Map<Long, MessageMeta> metas = new HashMap<>();
    private boolean modseqUsed;

    SearchEvaluator(ImapSession session) {
        this.session = session;
        this.mailbox = session.selected();
        this.store = session.context().store();
        this.all = new TreeSet<>(mailbox.uids());
    }

    /** Whether the key used MODSEQ, which adds the highest MODSEQ to the response (RFC 7162 §3.1.5). */
    boolean modseqUsed() { return modseqUsed; }

    TreeSet<Long> evaluate(SearchKey key) {
        return switch (key) {
            case SearchKey.All a -> new TreeSet<>(all);
            case SearchKey.Flag f -> filter(uid -> mailbox.flags(uid).stream().anyMatch(x -> x.equalsIgnoreCase(f.flag())) == f.set());
            // RFC 3501 §6.4.4: RECENT, NEW (recent and unseen), OLD (not recent); nothing is recent for IMAP4rev2.
            case SearchKey.Recent r -> filter(uid -> r.recent()
                    ? mailbox.recent(uid) && !(r.unseen() && mailbox.flags(uid).contains(MessageFlags.SEEN))
                    : !mailbox.recent(uid));
            case SearchKey.Text t -> {
                TreeSet<Long> hits = new TreeSet<>(store.search(mailbox.id(), t.field().name().toLowerCase(Locale.ROOT), t.value()));
                hits.retainAll(all);
                yield hits;
            }
            case SearchKey.Header h -> filter(uid -> headerMatches(uid, h.field(), h.value()));
            case SearchKey.Date d -> filter(uid -> dateMatches(uid, d));
            case SearchKey.Size z -> filter(uid -> z.larger() ? mailbox.size(uid) > z.bytes() : mailbox.size(uid) < z.bytes());
            case SearchKey.Sequence q -> sequence(q.set());
            case SearchKey.Uid u -> uid(u.set());
            case SearchKey.Not n -> {
                TreeSet<Long> out = new TreeSet<>(all);
                out.removeAll(evaluate(n.key()));
                yield out;
            }
            case SearchKey.Or o -> {
                TreeSet<Long> out = evaluate(o.left());
                out.addAll(evaluate(o.right()));
                yield out;
            }
            case SearchKey.And a -> {
                TreeSet<Long> out = new TreeSet<>(all);
                for (SearchKey k : a.keys()) {
                    if (out.isEmpty()) break;
                    out.retainAll(evaluate(k));
                }
                yield out;
            }
            case SearchKey.ModSeq m -> {
                modseqUsed = true;
                yield filter(uid -> mailbox.modseq(uid) >= m.modseq());
            }
        };
    }

    private TreeSet<Long> sequence(SequenceSet set) {
        if (set.savedResult()) return saved();
        TreeSet<Long> out = new TreeSet<>();
        int count = mailbox.count();
        // In SEARCH a number beyond the mailbox just matches nothing.
        for (int seq = 1; seq <= count; seq++) if (set.contains(seq, count)) out.add(mailbox.uidAt(seq));
        return out;
    }

    private TreeSet<Long> uid(SequenceSet set) {
        if (set.savedResult()) return saved();
        TreeSet<Long> out = new TreeSet<>();
        if (all.isEmpty()) return out;
        long max = all.last();
        for (long uid : all) if (set.contains(uid, max)) out.add(uid);
        return out;
    }

    private TreeSet<Long> saved() {
        TreeSet<Long> out = new TreeSet<>(session.savedResult());
        out.retainAll(all);
        return out;
    }

    private TreeSet<Long> filter(java.util.function.LongPredicate test) {
        TreeSet<Long> out = new TreeSet<>();
        for (long uid : all) if (test.test(uid)) out.add(uid);
        return out;
    }

    /** RFC 9051 §6.4.4: dates compare by day, disregarding time and time zone. */
    private boolean dateMatches(long uid, SearchKey.Date d) {
        java.time.Instant when;
        if (d.kind() == SearchKey.DateKind.INTERNAL) {
            when = mailbox.internalDate(uid);
        } else {
            MessageMeta meta = meta(uid);
            when = meta == null || meta.sentDate() == null ? null : meta.sentDate();
            if (when == null) return false;
        }
        LocalDate day = LocalDate.ofInstant(when, ZoneOffset.UTC);
        return switch (d.comparison()) {
            case BEFORE -> day.isBefore(d.date());
            case ON -> day.isEqual(d.date());
            case SINCE -> !day.isBefore(d.date());
        };
    }

    /** HEADER field string: the field is present and its value contains the string, case-insensitively. */
    private boolean headerMatches(long uid, String field, String value) {
        MessageMeta meta = meta(uid);
        if (meta == null) return false;
        long length = Math.min(meta.root().bodyStart() - meta.root().headerStart(), MessageParts.MAX_HEADER_BYTES);
        byte[] header;
        try (InputStream in = store.open(mailbox.id(), uid, meta.root().headerStart(), length)) {
            header = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String fields = new String(MessageParts.filterFields(header, List.of(field), true), StandardCharsets.UTF_8);
        String needle = value.toLowerCase(Locale.ROOT);
        for (String line : fields.replaceAll("\r\n[ \t]", " ").split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            if (needle.isEmpty() || line.substring(colon + 1).toLowerCase(Locale.ROOT).contains(needle)) return true;
        }
        return false;
    }

    MessageMeta meta(long uid) {
        return metas.computeIfAbsent(uid, u -> store.meta(mailbox.id(), u).orElse(null));
    }

    Set<Long> universe() { return all; }
}
