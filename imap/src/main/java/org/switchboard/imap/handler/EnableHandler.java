package org.switchboard.imap.handler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/** ENABLE (RFC 5161): CONDSTORE, QRESYNC (RFC 7162), IMAP4rev2 (RFC 9051), UTF8=ACCEPT (RFC 6855); others are ignored. */
final class EnableHandler {
    private static final Set<String> ENABLEABLE = Set.of("CONDSTORE", "QRESYNC", "IMAP4REV2", "UTF8=ACCEPT");

    void handle(ImapSession s, ImapRequest.Enable r) throws IOException {
        List<String> now = new ArrayList<>();
        for (String cap : r.capabilities()) {
            // RFC 5161 §3.1: ENABLED lists only what this command newly enabled.
            if (ENABLEABLE.contains(cap) && s.enable(cap)) now.add(cap.equals("IMAP4REV2") ? "IMAP4rev2" : cap);
        }
        s.out().untagged().raw("ENABLED");
        for (String cap : now) s.out().sp().raw(cap);
        s.out().end();
        s.ok(r, null, "ENABLE completed");
    }
}
