package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** UNSUBSCRIBE (RFC 9051 §6.3.8); shared mailboxes stay subscribed while visible (see SubscribeHandler). */
final class UnsubscribeHandler {
    void handle(ImapSession s, ImapRequest.Unsubscribe r) throws IOException {
        if (Names.shared(r.mailbox())) throw CommandFailure.no("CANNOT", "shared mailboxes are subscribed while they are shared with you");
        s.context().store().subscribe(s.account(), r.mailbox(), false);
        s.ok(r, null, "UNSUBSCRIBE completed");
    }
}
