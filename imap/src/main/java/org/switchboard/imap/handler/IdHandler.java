package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** ID (RFC 2971): names the server; what the client says about itself is not used. */
final class IdHandler {
    void handle(ImapSession s, ImapRequest.Id r) throws IOException {
        s.out().untagged().raw("ID (").string("name").sp().string("Switchboard").sp().string("vendor").sp().string("Switchboard").raw(")").end();
        s.ok(r, null, "ID completed");
    }
}
