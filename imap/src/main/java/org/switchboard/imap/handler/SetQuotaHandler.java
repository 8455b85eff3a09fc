package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** SETQUOTA (RFC 9208 §4.1): limits are the administrator's, set in the directory, never by the user. */
final class SetQuotaHandler {
    void handle(ImapSession s, ImapRequest.SetQuota r) throws IOException {
        throw CommandFailure.no("NOPERM", "quotas are set by the administrator");
    }
}
