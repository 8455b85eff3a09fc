package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** LISTRIGHTS (RFC 4314 §3.4): the owner always has all rights; anyone else may get any of them singly. */
final class ListRightsHandler {
    void handle(ImapSession s, ImapRequest.ListRights r) throws IOException {
        MailboxAccess.Target t = MailboxAccess.require(s, r.mailbox(), 'a');
        String identifier = MailboxAccess.storeIdentifier(s, r.identifier());
        s.out().untagged().raw("LISTRIGHTS ").mailbox(t.clientName()).sp().astring(r.identifier()).sp();
        if (identifier.equals(t.mailbox().owner())) {
            s.out().raw(MailboxAccess.ALL_RIGHTS);
        } else {
            s.out().raw("\"\"");
            for (char c : MailboxAccess.ALL_RIGHTS.toCharArray()) s.out().sp().raw(String.valueOf(c));
        }
        s.out().end();
        s.ok(r, null, "LISTRIGHTS completed");
    }
}
