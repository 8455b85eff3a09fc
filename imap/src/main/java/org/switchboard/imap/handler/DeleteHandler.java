package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** DELETE (RFC 9051 §6.3.5); a shared mailbox needs the 'x' right (RFC 4314 §4). */
final class DeleteHandler {
    void handle(ImapSession s, ImapRequest.Delete r) throws IOException {
        if (r.mailbox().equals("INBOX")) throw CommandFailure.no("CANNOT", "INBOX cannot be deleted");
        MailboxAccess.Target t = MailboxAccess.require(s, r.mailbox(), 'x');
        s.context().store().delete(t.mailbox().owner(), t.mailbox().name());
        s.ok(r, null, "DELETE completed");
    }
}
