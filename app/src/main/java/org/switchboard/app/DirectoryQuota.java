package org.switchboard.app;

import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.Quota;
import org.switchboard.core.log.LogKind;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.QuotaPolicy;

/**
 * The mail store's quota comes from the user's quota in the directory; crossing the warning
 * percentage is noted in the Mail log (the notice mail to the user arrives with mail delivery).
 */
final class DirectoryQuota implements QuotaPolicy {
    private final Directory directory;

    DirectoryQuota(Directory directory) { this.directory = directory; }

    @Override
    public Limits limits(String account) {
        return directory.userById(account).map(u -> {
            Quota q = u.quota();
            return new Limits(q.storageBytes(), q.messages(), q.warningPercent());
        }).orElse(Limits.NONE);
    }

    @Override
    public void warn(String account, MailStore.Usage usage, Limits limits) {
        String who = directory.userById(account).map(u -> u.address()).orElse(account);
        LogKind.MAIL.log("Quota warning for {}: {} bytes / {} messages used of {} bytes / {} messages", who, usage.bytes(),
                usage.messages(), limits.bytes(), limits.messages());
    }
}
