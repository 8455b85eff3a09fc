package org.switchboard.imap.handler;

import java.io.IOException;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.store.mail.SpecialUse;

/** CREATE (RFC 9051 §6.3.4) with RFC 6154 §5 USE; only in the personal namespace. */
final class CreateHandler {
    void handle(ImapSession s, ImapRequest.Create r) throws IOException {
        String name = r.mailbox();
        // RFC 9051 §6.3.4: a trailing delimiter announces children; the name itself is created without it.
        while (name.endsWith("/")) name = name.substring(0, name.length() - 1);
        if (name.isEmpty()) throw CommandFailure.bad("empty mailbox name");
        if (name.equals("INBOX")) throw CommandFailure.no("ALREADYEXISTS", "INBOX always exists");
        if (Names.shared(name)) throw CommandFailure.no("NOPERM", "mailboxes can only be created in the personal namespace");
        SpecialUse use = null;
        if (!r.specialUse().isEmpty()) {
            if (r.specialUse().size() > 1) throw CommandFailure.no("USEATTR", "one special use per mailbox");
            use = Names.specialUse(r.specialUse().get(0));
            if (use == null) throw CommandFailure.no("USEATTR", "unsupported special use " + r.specialUse().get(0));
        }
        s.context().store().create(s.account(), name, use);
        s.ok(r, null, "CREATE completed");
    }
}
