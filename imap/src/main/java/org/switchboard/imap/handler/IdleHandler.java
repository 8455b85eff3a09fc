package org.switchboard.imap.handler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** IDLE (RFC 2177, RFC 9051 §6.3.13): updates as they happen until the client sends DONE. */
final class IdleHandler {
    void handle(ImapSession s, ImapRequest.Idle r) throws IOException {
        byte[] line = s.idle();
        if (line == null || !new String(line, StandardCharsets.US_ASCII).equalsIgnoreCase("DONE")) {
            throw CommandFailure.bad("expected DONE");
        }
        s.ok(r, null, "IDLE terminated");
    }
}
