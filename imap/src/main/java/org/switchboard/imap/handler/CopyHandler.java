package org.switchboard.imap.handler;

import java.io.IOException;
import java.util.List;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.SelectedMailbox;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.imap.codec.SequenceSet;
import org.switchboard.store.mail.MailStore;

/** COPY and UID COPY (RFC 9051 §6.4.7) answering COPYUID (RFC 4315 §3). */
final class CopyHandler {
    void handle(ImapSession s, ImapRequest.Copy r) throws IOException {
        SelectedMailbox mailbox = s.selected();
        MailboxAccess.Target target = target(s, r.mailbox());
        List<Long> uids = MessageSets.uids(s, r.set(), r.uid());
        if (uids.isEmpty()) {
            s.ok(r, null, "No messages to copy");
            return;
        }
        MailStore.CopyResult result = s.context().store().copy(mailbox.id(), uids, target.mailbox().id());
        s.ok(r, copyUid(result), r.command() + " completed");
    }

    /** The destination; a missing one is answered TRYCREATE (RFC 9051 §6.4.7). */
    static MailboxAccess.Target target(ImapSession s, String name) {
        MailboxAccess.Target t = MailboxAccess.find(s, name)
                .orElseThrow(() -> CommandFailure.no("TRYCREATE", "no such mailbox: " + name));
        if (!t.has('i')) throw CommandFailure.no("NOPERM", "permission denied (needs right 'i')");
        return t;
    }

    /** RFC 4315 §3: source and destination UIDs in corresponding order. */
    static String copyUid(MailStore.CopyResult result) {
        if (result.sourceUids().isEmpty()) return null;
        return "COPYUID " + result.uidValidity() + " " + SequenceSet.formatInOrder(result.sourceUids()) + " "
                + SequenceSet.formatInOrder(result.targetUids());
    }
}
