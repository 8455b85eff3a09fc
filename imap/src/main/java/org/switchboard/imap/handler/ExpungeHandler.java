package org.switchboard.imap.handler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.switchboard.core.log.LogKind;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.SelectedMailbox;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.store.mail.MessageFlags;

/**
 * EXPUNGE (RFC 9051 §6.4.3) and UID EXPUNGE (RFC 4315 §2.1). The view is brought up to date first so
 * \Deleted set by other sessions counts; the EXPUNGE responses come from the store's change log like
 * everyone else's, which keeps numbering right when several sessions expunge at once.
 */
final class ExpungeHandler {
    void handle(ImapSession s, ImapRequest.Expunge r) throws IOException {
        SelectedMailbox mailbox = s.selected();
        if (mailbox.readOnly()) throw CommandFailure.no(null, "mailbox is read-only");
        if (!mailbox.has('e')) throw CommandFailure.no("NOPERM", "permission denied (needs right 'e')");
        s.syncSelected(r);
        List<Long> candidates = r.uids() == null ? mailbox.uids() : MessageSets.uids(s, r.uids(), true);
        List<Long> deleted = new ArrayList<>();
        for (long uid : candidates) if (mailbox.flags(uid).contains(MessageFlags.DELETED)) deleted.add(uid);
        if (!deleted.isEmpty()) {
            int removed = s.context().store().expunge(mailbox.id(), deleted).size();
            if (removed > 0) LogKind.MAIL.log("IMAP: user {} expunged {} messages from {}", s.principal().login(), removed, mailbox.name());
        }
        s.ok(r, null, r.command() + " completed");
    }
}
