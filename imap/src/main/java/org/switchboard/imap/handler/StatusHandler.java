package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** STATUS (RFC 9051 §6.3.11); asking for HIGHESTMODSEQ enables CONDSTORE (RFC 7162 §3.1). */
final class StatusHandler {
    void handle(ImapSession s, ImapRequest.Status r) throws IOException {
        MailboxAccess.Target t = MailboxAccess.require(s, r.mailbox(), 'r');
        if (r.items().contains(ImapRequest.StatusItem.HIGHESTMODSEQ)) s.enableCondstore();
        StatusItems.write(s, t.clientName(), t.mailbox(), r.items());
        s.ok(r, null, "STATUS completed");
    }
}
