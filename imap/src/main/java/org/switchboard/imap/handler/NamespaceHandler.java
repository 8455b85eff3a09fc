package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/**
 * NAMESPACE (RFC 2342, RFC 9051 §6.3.10): personal "", other users "~", shared "#public/" and, for users with
 * the archive right only, "#archive/"; delimiter "/".
 */
final class NamespaceHandler {
    void handle(ImapSession s, ImapRequest.Namespace r) throws IOException {
        s.out().untagged().raw("NAMESPACE ((\"\" \"/\")) ((").string(MailboxAccess.OTHER_PREFIX).raw(" \"/\")) ((")
                .string(MailboxAccess.PUBLIC_PREFIX).raw(" \"/\")");
        if (MailboxAccess.archiveAccess(s)) s.out().raw("(").string(MailboxAccess.ARCHIVE_PREFIX).raw(" \"/\")");
        s.out().raw(")").end();
        s.ok(r, null, "NAMESPACE completed");
    }
}
