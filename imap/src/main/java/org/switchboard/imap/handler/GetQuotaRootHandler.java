package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** GETQUOTAROOT (RFC 9208 §4.3): personal mailboxes share the root ""; shared ones report none. */
final class GetQuotaRootHandler {
    void handle(ImapSession s, ImapRequest.GetQuotaRoot r) throws IOException {
        MailboxAccess.Target t = MailboxAccess.require(s, r.mailbox(), 'l');
        boolean rooted = t.own() && Quotas.limited(s);
        s.out().untagged().raw("QUOTAROOT ").mailbox(t.clientName());
        if (rooted) s.out().sp().string(Quotas.ROOT);
        s.out().end();
        if (rooted) Quotas.write(s);
        s.ok(r, null, "GETQUOTAROOT completed");
    }
}
