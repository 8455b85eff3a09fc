package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** RENAME (RFC 9051 §6.3.6) within the personal namespace; renaming INBOX moves its messages (store rule). */
final class RenameHandler {
    void handle(ImapSession s, ImapRequest.Rename r) throws IOException {
        if (Names.shared(r.from()) || Names.shared(r.to())) {
            throw CommandFailure.no("NOPERM", "mailboxes can only be renamed within the personal namespace");
        }
        if (r.to().equals("INBOX")) throw CommandFailure.no("ALREADYEXISTS", "INBOX always exists");
        MailboxAccess.require(s, r.from(), 'x');
        s.context().store().rename(s.account(), r.from(), r.to());
        s.ok(r, null, "RENAME completed");
    }
}
