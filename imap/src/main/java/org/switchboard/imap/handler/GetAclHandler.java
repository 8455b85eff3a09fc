package org.switchboard.imap.handler;

import java.io.IOException;
import java.util.Map;
import org.switchboard.core.directory.User;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** GETACL (RFC 4314 §3.3): needs 'a'; the owner is listed first with every right. */
final class GetAclHandler {
    void handle(ImapSession s, ImapRequest.GetAcl r) throws IOException {
        MailboxAccess.Target t = MailboxAccess.require(s, r.mailbox(), 'a');
        s.out().untagged().raw("ACL ").mailbox(t.clientName());
        String owner = t.mailbox().owner();
        if (!owner.equals(MailboxAccess.PUBLIC_OWNER)) {
            s.out().sp().astring(MailboxAccess.directory(s).userById(owner).map(User::address).orElse(owner)).sp().raw(MailboxAccess.ALL_RIGHTS);
        }
        for (Map.Entry<String, String> e : s.context().store().acl(t.mailbox().id()).entrySet()) {
            if (e.getKey().equals(owner) || e.getValue().isEmpty()) continue;
            s.out().sp().astring(MailboxAccess.clientIdentifier(s, e.getKey())).sp().astring(e.getValue());
        }
        s.out().end();
        s.ok(r, null, "GETACL completed");
    }
}
