package org.switchboard.imap.handler;

import java.util.List;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.SelectedMailbox;
import org.switchboard.imap.codec.SequenceSet;

/** Turns a command's sequence set into UIDs of the selected mailbox, "$" included (RFC 5182). */
final class MessageSets {
    private MessageSets() {
    }

    static List<Long> uids(ImapSession s, SequenceSet set, boolean uid) {
        SelectedMailbox mailbox = s.selected();
        if (set.savedResult()) return s.savedResult().stream().filter(mailbox::contains).toList();
        try {
            return mailbox.resolve(set, uid);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.bad(e.getMessage());
        }
    }

    /** RFC 4314 §4 STORE rights: \Seen needs 's', \Deleted 't', anything else 'w'. */
    static boolean mayStore(SelectedMailbox mailbox, String flag) {
        if (flag.equalsIgnoreCase("\\Seen")) return mailbox.has('s');
        if (flag.equalsIgnoreCase("\\Deleted")) return mailbox.has('t');
        return mailbox.has('w');
    }
}
