package org.switchboard.imap.handler;

import java.io.IOException;
import java.util.List;
import org.switchboard.core.log.LogKind;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.SelectedMailbox;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.store.mail.MessageFlags;

/** CLOSE (RFC 9051 §6.4.1): silently expunge \Deleted messages (when writable), then leave the mailbox. */
final class CloseHandler {
    void handle(ImapSession s, ImapRequest.Close r) throws IOException {
        SelectedMailbox mailbox = s.selected();
        if (!mailbox.readOnly() && mailbox.has('e')) {
            var store = s.context().store();
            List<Long> deleted = store.messages(mailbox.id()).stream()
                    .filter(m -> m.flags().contains(MessageFlags.DELETED)).map(m -> m.uid()).toList();
            if (!deleted.isEmpty()) {
                int removed = store.expunge(mailbox.id(), deleted).size();
                if (removed > 0) LogKind.MAIL.log("IMAP: user {} expunged {} messages from {}", s.principal().login(), removed, mailbox.name());
            }
        }
        s.unselect();
        s.ok(r, null, "CLOSE completed");
    }
}
