package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.imap.codec.ImapResponseWriter.Status;

/** LOGOUT (RFC 9051 §6.1.3): BYE, then the tagged OK, then the server closes. */
final class LogoutHandler {
    void handle(ImapSession s, ImapRequest.Logout r) throws IOException {
        s.out().status(null, Status.BYE, null, "Logging out");
        s.out().status(r.tag(), Status.OK, null, "LOGOUT completed");
        s.logout();
    }
}
