package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** GETQUOTA (RFC 9208 §4.2): the user's own root only. */
final class GetQuotaHandler {
    void handle(ImapSession s, ImapRequest.GetQuota r) throws IOException {
        if (!r.root().equals(Quotas.ROOT) || !Quotas.limited(s)) throw CommandFailure.no("NONEXISTENT", "no such quota root");
        Quotas.write(s);
        s.ok(r, null, "GETQUOTA completed");
    }
}
