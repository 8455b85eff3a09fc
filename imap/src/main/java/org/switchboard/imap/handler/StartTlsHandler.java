package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.core.log.LogKind;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.imap.codec.ImapResponseWriter.Status;

/**
 * STARTTLS (RFC 9051 §6.2.1). Anything the client sent after the command arrived in clear text and
 * could be an injected command (CVE-2011-0411 family), so the handshake is refused rather than letting
 * those bytes pass as protected.
 */
final class StartTlsHandler {
    void handle(ImapSession s, ImapRequest.StartTls r) throws IOException {
        if (s.isSecure()) throw CommandFailure.bad("TLS is already active");
        if (!s.canStartTls()) throw CommandFailure.no(null, "TLS is not available");
        if (s.inputPending()) {
            LogKind.SECURITY.log("IMAP: STARTTLS from {} refused: commands were pipelined after STARTTLS (command injection)",
                    s.remoteAddress().getHostAddress());
            throw CommandFailure.bad("STARTTLS must be the last command before the TLS handshake");
        }
        s.out().status(r.tag(), Status.OK, null, "Begin TLS negotiation now");
        s.startTls();
    }
}
