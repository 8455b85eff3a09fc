package org.switchboard.imap.handler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.SelectedMailbox;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.imap.codec.ImapResponseWriter;
import org.switchboard.imap.codec.SequenceSet;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.MessageSummary;

/**
 * STORE and UID STORE (RFC 9051 §6.4.6) with UNCHANGEDSINCE (RFC 7162 §3.1.3). The store applies the
 * change; this session's view takes the result at once, so the FETCH answers show it and the same change
 * coming back from the log is not reported again.
 */
final class StoreHandler {
    void handle(ImapSession s, ImapRequest.Store r) throws IOException {
        SelectedMailbox mailbox = s.selected();
        if (mailbox.readOnly()) throw CommandFailure.no(null, "mailbox is read-only");
        for (String flag : r.flags()) {
            if (flag.equals("\\Recent")) throw CommandFailure.bad("\\Recent cannot be stored");
            if (!MessageSets.mayStore(mailbox, flag)) throw CommandFailure.no("NOPERM", "permission denied to set " + flag);
        }
        if (r.mode() == ImapRequest.StoreMode.REPLACE && !(mailbox.has('s') && mailbox.has('t') && mailbox.has('w'))) {
            throw CommandFailure.no("NOPERM", "permission denied to replace all flags");
        }
        if (r.unchangedSince() >= 0) s.enableCondstore();
        List<Long> uids = MessageSets.uids(s, r.set(), r.uid());
        MailStore.FlagOp op = switch (r.mode()) {
            case ADD -> MailStore.FlagOp.ADD;
            case REMOVE -> MailStore.FlagOp.REMOVE;
            case REPLACE -> MailStore.FlagOp.REPLACE;
        };
        MailStore.FlagResult result = uids.isEmpty() ? new MailStore.FlagResult(List.of(), List.of())
                : s.context().store().store(mailbox.id(), uids, op, r.flags(), r.unchangedSince());
        Set<Long> changed = new HashSet<>();
        for (MessageSummary m : result.changed()) {
            mailbox.applyOwn(m);
            changed.add(m.uid());
        }
        Set<Long> failed = new HashSet<>(result.failedModified());
        ImapResponseWriter out = s.out();
        mailbox.announceKeywords(out);
        // RFC 7162 §3.1: once CONDSTORE is on, FETCH responses caused by STORE carry UID and MODSEQ.
        boolean withUid = r.uid() || s.condstore();
        for (long uid : uids) {
            int seq = mailbox.seqOf(uid);
            if (seq == 0 || failed.contains(uid)) continue;
            // RFC 7162 §3.1.3: with CONDSTORE a changed message is reported with its MODSEQ even under .SILENT.
            boolean reportModseq = s.condstore() && (changed.contains(uid) || !r.silent());
            if (r.silent() && !reportModseq) continue;
            out.untagged().number(seq).raw(" FETCH (");
            if (withUid) out.raw("UID ").number(uid).sp();
            if (!r.silent()) {
                out.raw("FLAGS ");
                SelectedMailbox.writeFlagList(out, mailbox.shownFlags(uid));
            }
            if (reportModseq) {
                if (!r.silent()) out.sp();
                out.raw("MODSEQ (").number(mailbox.modseq(uid)).raw(")");
                mailbox.reported(mailbox.modseq(uid));
            }
            out.raw(")").end();
        }
        if (!failed.isEmpty()) {
            List<Long> numbers = new ArrayList<>();
            for (long uid : failed) numbers.add(r.uid() ? uid : (long) mailbox.seqOf(uid));
            s.ok(r, "MODIFIED " + SequenceSet.format(numbers), "Conditional " + r.command() + " failed for some messages");
            return;
        }
        s.ok(r, null, r.command() + " completed");
    }
}
