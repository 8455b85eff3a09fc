package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** DELETEACL (RFC 4314 §3.2): needs 'a'. */
final class DeleteAclHandler {
    void handle(ImapSession s, ImapRequest.DeleteAcl r) throws IOException {
        MailboxAccess.Target t = MailboxAccess.require(s, r.mailbox(), 'a');
        String identifier = MailboxAccess.storeIdentifier(s, r.identifier());
        if (identifier.equals(t.mailbox().owner())) throw CommandFailure.no("CANNOT", "the owner always has all rights");
        s.context().store().setAcl(t.mailbox().id(), identifier, "");
        s.ok(r, null, "DELETEACL completed");
    }
}
