package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** NAMESPACE (RFC 2342, RFC 9051 §6.3.10): personal "", other users "~", shared "#public/", delimiter "/". */
final class NamespaceHandler {
    void handle(ImapSession s, ImapRequest.Namespace r) throws IOException {
        s.out().untagged().raw("NAMESPACE ((\"\" \"/\")) ((").string(MailboxAccess.OTHER_PREFIX).raw(" \"/\")) ((")
                .string(MailboxAccess.PUBLIC_PREFIX).raw(" \"/\"))").end();
        s.ok(r, null, "NAMESPACE completed");
    }
}
