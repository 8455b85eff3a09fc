package org.switchboard.imap.handler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.SelectedMailbox;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.imap.codec.ImapResponseWriter;
import org.switchboard.imap.codec.SequenceSet;
import org.switchboard.store.mail.MessageFlags;

/**
 * SELECT and EXAMINE (RFC 9051 §6.3.2-3) with CONDSTORE and QRESYNC (RFC 7162 §3.1.2, §3.2.5). A SELECT
 * first closes the current mailbox, so a failed one leaves none selected (RFC 9051 §6.3.2).
 */
final class SelectHandler {
    void handle(ImapSession s, ImapRequest.Select r) throws IOException {
        if (r.qresync() != null && !s.enabled("QRESYNC")) throw CommandFailure.bad("the QRESYNC parameter needs ENABLE QRESYNC first");
        ImapResponseWriter out = s.out();
        // RFC 9051 §7.1 and RFC 7162 §3.2.11: say that the previous mailbox is gone before anything of the new
        // one. IMAP4rev1 clients ignore the unknown code, so it is sent to everyone.
        if (s.unselect()) out.untagged().raw("OK [CLOSED] Previous mailbox closed").end();
        if (r.condstore()) s.enableCondstore();
        MailboxAccess.Target t = MailboxAccess.require(s, r.mailbox(), 'r');
        // RFC 4314 §4: without any right to change the mailbox, SELECT opens it read-only.
        boolean readOnly = r.readOnly() || !(t.has('s') || t.has('w') || t.has('t') || t.has('e'));
        // RFC 3501 §6.3.2: EXAMINE leaves \Recent to the next SELECT; RFC 9051 clients have no \Recent at all.
        SelectedMailbox.Recent recent = s.rev2() ? SelectedMailbox.Recent.NONE
                : r.readOnly() ? SelectedMailbox.Recent.PEEK : SelectedMailbox.Recent.CLAIM;
        SelectedMailbox view = SelectedMailbox.open(s.context().store(), t.mailbox(), t.clientName(), readOnly, t.rights(), recent);
        s.select(view);
        view.writeFlags(out);
        out.untagged().number(view.count()).raw(" EXISTS").end();
        if (!s.rev2()) out.untagged().number(view.recentCount()).raw(" RECENT").end();
        out.untagged().raw("OK [UIDVALIDITY " + view.uidValidity() + "] UIDs valid").end();
        out.untagged().raw("OK [UIDNEXT " + view.uidNext() + "] Predicted next UID").end();
        out.untagged().raw("OK [HIGHESTMODSEQ " + view.highestModseq() + "] Highest").end();
        if (!s.rev2()) {
            for (int seq = 1; seq <= view.count(); seq++) {
                if (!view.flags(view.uidAt(seq)).contains(MessageFlags.SEEN)) {
                    out.untagged().raw("OK [UNSEEN " + seq + "] First unseen").end();
                    break;
                }
            }
        } else {
            // RFC 9051 §6.3.2: an IMAP4rev2 server returns the mailbox's LIST data too.
            out.untagged().raw("LIST () \"/\" ").mailbox(view.name()).end();
        }
        if (r.qresync() != null && r.qresync().uidValidity() == view.uidValidity()) resync(s, view, r.qresync());
        s.ok(r, readOnly ? "READ-ONLY" : "READ-WRITE", (r.readOnly() ? "EXAMINE" : "SELECT") + " completed");
    }

    /** RFC 7162 §3.2.5.1: VANISHED (EARLIER) for what went away since the client's MODSEQ, then what changed. */
    private static void resync(ImapSession s, SelectedMailbox view, ImapRequest.Qresync q) throws IOException {
        long floor = matchedUid(view, q);
        List<Long> gone = new ArrayList<>();
        for (long uid : s.context().store().expungedSince(view.id(), q.modseq())) {
            if (uid <= floor) continue;
            if (q.knownUids() == null || q.knownUids().contains(uid, Math.max(uid, view.uidNext() - 1))) gone.add(uid);
        }
        if (!gone.isEmpty()) s.out().untagged().raw("VANISHED (EARLIER) ").raw(SequenceSet.format(gone)).end();
        for (int seq = 1; seq <= view.count(); seq++) {
            long uid = view.uidAt(seq);
            if (view.modseq(uid) > q.modseq()) view.writeFlagsFetch(s.out(), seq, uid, new SelectedMailbox.Reporting(true, true));
        }
    }

    /**
     * RFC 7162 §3.2.5.2 sequence match data: while the client's message numbers still hold the UIDs it paired
     * them with, nothing below those UIDs can have gone (UIDs only grow, so the count below is unchanged).
     * Walking the pairs in order up to the first that no longer holds, the last one that does bounds what
     * VANISHED (EARLIER) has to name. Returns 0 (report everything) without usable data.
     */
    private static long matchedUid(SelectedMailbox view, ImapRequest.Qresync q) {
        if (q.knownSequences() == null) return 0;
        long maxUid = view.count() == 0 ? 0 : view.uidAt(view.count());
        // The parser checked the sizes unless "*" made them depend on the mailbox; unequal ones pair nothing.
        if (q.knownSequences().size(view.count()) != q.knownSequenceUids().size(maxUid)) return 0;
        var seqs = q.knownSequences().numbers(view.count());
        var uids = q.knownSequenceUids().numbers(maxUid);
        long floor = 0;
        while (seqs.hasNext()) {
            long seq = seqs.nextLong();
            long uid = uids.nextLong();
            if (seq < 1 || seq > view.count() || view.uidAt((int) seq) != uid || uid < floor) break;
            floor = uid;
        }
        return floor;
    }
}
