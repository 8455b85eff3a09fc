package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/**
 * SUBSCRIBE (RFC 9051 §6.3.7). Shared and public mailboxes count as subscribed while they are visible,
 * so subscribing to them succeeds without storing anything.
 */
final class SubscribeHandler {
    void handle(ImapSession s, ImapRequest.Subscribe r) throws IOException {
        if (!Names.shared(r.mailbox())) {
            s.context().store().subscribe(s.account(), r.mailbox(), true);
        } else {
            MailboxAccess.require(s, r.mailbox(), 'l');
        }
        s.ok(r, null, "SUBSCRIBE completed");
    }
}
