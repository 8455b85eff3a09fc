package org.switchboard.imap.handler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.switchboard.core.directory.Quota;
import org.switchboard.imap.ImapSession;
import org.switchboard.store.mail.MailStore;

/**
 * QUOTA (RFC 9208) for the user's own account: one quota root named "" covering every personal mailbox,
 * STORAGE in units of 1024 octets and MESSAGE counts, limits from the directory. An account without
 * limits has no quota root at all.
 */
final class Quotas {
    static final String ROOT = "";

    private Quotas() {
    }

    static Quota limits(ImapSession s) {
        return MailboxAccess.directory(s).userById(s.account()).map(u -> u.quota()).orElse(Quota.UNLIMITED);
    }

    static boolean limited(ImapSession s) {
        Quota q = limits(s);
        return q.storageBytes() > 0 || q.messages() > 0;
    }

    static void write(ImapSession s) throws IOException {
        Quota q = limits(s);
        MailStore.Usage usage = s.context().store().usage(s.account());
        List<String> resources = new ArrayList<>();
        if (q.storageBytes() > 0) resources.add("STORAGE " + (usage.bytes() + 1023) / 1024 + " " + q.storageBytes() / 1024);
        if (q.messages() > 0) resources.add("MESSAGE " + usage.messages() + " " + q.messages());
        s.out().untagged().raw("QUOTA ").string(ROOT).raw(" (").raw(String.join(" ", resources)).raw(")").end();
    }
}
