package org.switchboard.imap.handler;

import java.io.IOException;
import java.util.List;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.SelectedMailbox;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.store.mail.MailStore;

/**
 * MOVE and UID MOVE (RFC 6851): one store step; COPYUID goes in an untagged OK before the EXPUNGE
 * (or VANISHED) responses, which come from the change log at the end of the command (RFC 6851 §4.3).
 */
final class MoveHandler {
    void handle(ImapSession s, ImapRequest.Move r) throws IOException {
        SelectedMailbox mailbox = s.selected();
        if (mailbox.readOnly()) throw CommandFailure.no(null, "mailbox is read-only");
        if (!mailbox.has('e') || !mailbox.has('t')) throw CommandFailure.no("NOPERM", "permission denied (needs rights 't' and 'e')");
        MailboxAccess.Target target = CopyHandler.target(s, r.mailbox());
        List<Long> uids = MessageSets.uids(s, r.set(), r.uid());
        if (uids.isEmpty()) {
            s.ok(r, null, "No messages to move");
            return;
        }
        MailStore.CopyResult result = s.context().store().move(mailbox.id(), uids, target.mailbox().id());
        String copyUid = CopyHandler.copyUid(result);
        if (copyUid != null) s.out().untagged().raw("OK [" + copyUid + "] Moved").end();
        s.ok(r, null, r.command() + " completed");
    }
}
