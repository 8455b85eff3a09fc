package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/**
 * SETACL (RFC 4314 §3.1): needs 'a'; "+r" adds to and "-w" takes from the identifier's current rights.
 * The obsolete rights "c" and "d" are expanded by the store (RFC 4314 §2.1.1).
 */
final class SetAclHandler {
    void handle(ImapSession s, ImapRequest.SetAcl r) throws IOException {
        MailboxAccess.Target t = MailboxAccess.require(s, r.mailbox(), 'a');
        String identifier = MailboxAccess.storeIdentifier(s, r.identifier());
        if (identifier.equals(t.mailbox().owner())) throw CommandFailure.no("CANNOT", "the owner always has all rights");
        String rights = r.rights();
        if (rights.startsWith("+") || rights.startsWith("-")) {
            String current = s.context().store().acl(t.mailbox().id()).getOrDefault(identifier, "");
            StringBuilder next = new StringBuilder();
            for (char c : MailboxAccess.ALL_RIGHTS.toCharArray()) {
                boolean had = current.indexOf(c) >= 0;
                boolean named = rights.indexOf(c, 1) >= 0 || (c == 'k' || c == 'x') && rights.indexOf('c', 1) >= 0
                        || (c == 'x' || c == 't' || c == 'e') && rights.indexOf('d', 1) >= 0;
                if (rights.startsWith("+") ? had || named : had && !named) next.append(c);
            }
            rights = next.toString();
        }
        for (char c : rights.toCharArray()) {
            if (MailboxAccess.ALL_RIGHTS.indexOf(c) < 0 && c != 'c' && c != 'd') throw CommandFailure.bad("unknown right '" + c + "'");
        }
        s.context().store().setAcl(t.mailbox().id(), identifier, rights);
        s.ok(r, null, "SETACL completed");
    }
}
