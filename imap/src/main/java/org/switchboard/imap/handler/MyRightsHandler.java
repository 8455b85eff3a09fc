package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** MYRIGHTS (RFC 4314 §3.5): the user's own rights on a mailbox they can see. */
final class MyRightsHandler {
    void handle(ImapSession s, ImapRequest.MyRights r) throws IOException {
        MailboxAccess.Target t = MailboxAccess.find(s, r.mailbox()).orElseThrow(() -> CommandFailure.no("NONEXISTENT", "no such mailbox"));
        s.out().untagged().raw("MYRIGHTS ").mailbox(t.clientName()).sp().raw(t.rights()).end();
        s.ok(r, null, "MYRIGHTS completed");
    }
}
