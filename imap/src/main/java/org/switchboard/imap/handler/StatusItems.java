package org.switchboard.imap.handler;

import java.io.IOException;
import java.util.List;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest.StatusItem;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.Mailbox;
import org.switchboard.store.mail.MessageFlags;

/** Writes one STATUS response (RFC 9051 §7.3.2), for STATUS and LIST-STATUS (RFC 5819). */
final class StatusItems {
    private StatusItems() {
    }

    static void write(ImapSession s, String clientName, Mailbox stale, List<StatusItem> items) throws IOException {
        MailStore store = s.context().store();
        Mailbox m = store.mailbox(stale.id()).orElse(stale);
        s.out().untagged().raw("STATUS ").mailbox(clientName).raw(" (");
        boolean first = true;
        for (StatusItem item : items) {
            if (!first) s.out().sp();
            first = false;
            long value = switch (item) {
                case MESSAGES -> m.messages();
                case UIDNEXT -> m.uidNext();
                case UIDVALIDITY -> m.uidValidity();
                case UNSEEN -> m.unseen();
                case DELETED -> store.messages(m.id()).stream().filter(x -> x.flags().contains(MessageFlags.DELETED)).count();
                case SIZE -> m.size();
                case RECENT -> recent(store, m);
                case HIGHESTMODSEQ -> m.highestModseq();
                case APPENDLIMIT -> s.context().limits().maxMessageBytes();
            };
            s.out().raw(item.name()).sp().number(value);
        }
        s.out().raw(")").end();
    }

    /** Messages no session has taken as recent yet (RFC 3501 §6.3.10); STATUS itself takes nothing. */
    private static long recent(MailStore store, Mailbox m) {
        long mark = store.recentClaimed(m.id());
        if (mark >= m.uidNext() - 1) return 0;
        return store.messages(m.id()).stream().filter(x -> x.uid() > mark).count();
    }
}
