package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** NOOP (RFC 9051 §6.1.2): does nothing but give pending mailbox updates a chance, EXPUNGE included. */
final class NoopHandler {
    void handle(ImapSession s, ImapRequest.Noop r) throws IOException {
        s.ok(r, null, "NOOP completed");
    }
}
