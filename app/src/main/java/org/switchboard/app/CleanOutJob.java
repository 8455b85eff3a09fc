package org.switchboard.app;

import org.switchboard.core.directory.CleanOut;
import org.switchboard.core.directory.CleanOutPolicies;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.User;
import org.switchboard.core.log.LogKind;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.Mailbox;

/**
 * Applies the clean-out settings (guide §18.1) to every mailbox: hourly from the timers, or at
 * once from the admin API. Each removal is an Operations log line ("where did my message go").
 */
final class CleanOutJob implements Runnable {
    private final Directory directory;
    private final CleanOutPolicies policies;
    private final MailStore store;

    CleanOutJob(Directory directory, CleanOutPolicies policies, MailStore store) {
        this.directory = directory;
        this.policies = policies;
        this.store = store;
    }

    @Override
    public void run() { runNow(); }

    /** Returns how many messages were removed. */
    int runNow() {
        int total = 0;
        for (User u : directory.users(null)) {
            CleanOut c = policies.effective(u);
            if (c.equals(CleanOut.INHERIT)) continue;
            for (Mailbox m : store.mailboxes(u.id())) {
                for (CleanOutPolicies.Rule r : CleanOutPolicies.rules(c)) {
                    boolean applies = r.role().equals("*") || (m.specialUse() != null && m.specialUse().name().equals(r.role()));
                    if (!applies || r.days() <= 0) continue;
                    try {
                        int n = store.cleanOut(m.id(), r.days());
                        if (n > 0) {
                            LogKind.OPERATIONS.log("Clean-out: {} message(s) older than {} days removed from {} of {}", n, r.days(),
                                    m.name(), u.address());
                        }
                        total += n;
                    } catch (RuntimeException e) {
                        LogKind.WARNING.log("Clean-out of {} of {} failed: {}", m.name(), u.address(), e.getMessage());
                    }
                }
            }
        }
        return total;
    }
}
