package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** CHECK (RFC 3501 §6.4.1, gone in RFC 9051 where it is a NOOP): every store write is already durable. */
final class CheckHandler {
    void handle(ImapSession s, ImapRequest.Check r) throws IOException {
        s.ok(r, null, "CHECK completed");
    }
}
