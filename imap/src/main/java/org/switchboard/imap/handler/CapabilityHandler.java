package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** CAPABILITY (RFC 9051 §6.1.1): what the server offers in the current state. */
final class CapabilityHandler {
    void handle(ImapSession s, ImapRequest.Capability r) throws IOException {
        s.out().untagged().raw("CAPABILITY ").raw(s.capabilities()).end();
        s.ok(r, null, "CAPABILITY completed");
    }
}
