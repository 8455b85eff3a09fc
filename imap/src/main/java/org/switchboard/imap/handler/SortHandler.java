package org.switchboard.imap.handler;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.SelectedMailbox;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.imap.codec.ImapRequest.SortKey;
import org.switchboard.store.mail.MessageMeta;
import org.switchboard.store.mail.MimePart;

/**
 * SORT and UID SORT (RFC 5256 §3) with DISPLAYFROM and DISPLAYTO (RFC 5957). Ties, and what the criteria
 * do not decide, fall back to the sequence number as RFC 5256 §3 requires.
 */
final class SortHandler {
    void handle(ImapSession s, ImapRequest.Sort r) throws IOException {
        SelectedMailbox mailbox = s.selected();
        SearchEvaluator evaluator = new SearchEvaluator(s);
        List<Long> hits = new ArrayList<>(evaluator.evaluate(r.key()));
        Comparator<Long> order = null;
        for (SortKey key : r.criteria()) {
            Comparator<Long> c = comparator(key.criterion(), mailbox, evaluator);
            if (key.reverse()) c = c.reversed();
            order = order == null ? c : order.thenComparing(c);
        }
        order = order == null ? Comparator.comparingLong(mailbox::seqOf) : order.thenComparingLong(mailbox::seqOf);
        hits.sort(order);
        s.out().untagged().raw("SORT");
        for (long uid : hits) s.out().sp().number(r.uid() ? uid : mailbox.seqOf(uid));
        s.out().end();
        s.ok(r, null, r.command() + " completed");
    }

    private static Comparator<Long> comparator(ImapRequest.SortCriterion criterion, SelectedMailbox mailbox, SearchEvaluator e) {
        return switch (criterion) {
            case ARRIVAL -> Comparator.comparing((Long uid) -> mailbox.internalDate(uid));
            case DATE -> Comparator.comparing((Long uid) -> sentDate(mailbox, e, uid));
            case SIZE -> Comparator.comparingLong((Long uid) -> mailbox.size(uid));
            case SUBJECT -> Comparator.comparing((Long uid) -> BaseSubject.of(meta(e, uid) == null ? "" : meta(e, uid).subject()));
            case FROM -> Comparator.comparing((Long uid) -> mailboxOf(first(e, uid, Field.FROM)));
            case TO -> Comparator.comparing((Long uid) -> mailboxOf(first(e, uid, Field.TO)));
            case CC -> Comparator.comparing((Long uid) -> mailboxOf(first(e, uid, Field.CC)));
            case DISPLAYFROM -> Comparator.comparing((Long uid) -> display(first(e, uid, Field.FROM)));
            case DISPLAYTO -> Comparator.comparing((Long uid) -> display(first(e, uid, Field.TO)));
        };
    }

    /** RFC 5256 §3 DATE: the Date header, or the internal date when there is none. */
    static Instant sentDate(SelectedMailbox mailbox, SearchEvaluator e, long uid) {
        MessageMeta m = meta(e, uid);
        return m != null && m.sentDate() != null ? m.sentDate() : mailbox.internalDate(uid);
    }

    static MessageMeta meta(SearchEvaluator e, long uid) {
        return e.meta(uid);
    }

    private enum Field { FROM, TO, CC }

    private static MimePart.Address first(SearchEvaluator e, long uid, Field field) {
        MessageMeta m = meta(e, uid);
        if (m == null || m.root().envelope() == null) return null;
        MimePart.Envelope env = m.root().envelope();
        List<MimePart.Address> list = switch (field) {
            case FROM -> env.from();
            case TO -> env.to();
            case CC -> env.cc();
        };
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    /** RFC 5256 §3: FROM, TO and CC sort by the local part (addr-mailbox) of the first address. */
    private static String mailboxOf(MimePart.Address a) {
        return a == null || a.mailbox() == null ? "" : a.mailbox().toUpperCase(Locale.ROOT);
    }

    /** RFC 5957 §3: the display name, or the address when there is none. */
    private static String display(MimePart.Address a) {
        if (a == null) return "";
        if (a.name() != null && !a.name().isBlank()) return a.name().toUpperCase(Locale.ROOT);
        return ((a.mailbox() == null ? "" : a.mailbox()) + "@" + (a.host() == null ? "" : a.host())).toUpperCase(Locale.ROOT);
    }
}
