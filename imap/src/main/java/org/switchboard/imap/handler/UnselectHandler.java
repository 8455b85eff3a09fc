package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** UNSELECT (RFC 3691, RFC 9051 §6.4.2): leave the mailbox without expunging. */
final class UnselectHandler {
    void handle(ImapSession s, ImapRequest.Unselect r) throws IOException {
        s.unselect();
        s.ok(r, null, "UNSELECT completed");
    }
}
