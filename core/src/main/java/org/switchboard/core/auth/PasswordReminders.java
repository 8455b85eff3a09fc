package org.switchboard.core.auth;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Optional;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.Domain;
import org.switchboard.core.directory.User;

/**
 * The periodic job behind "password expiry with reminders" (guide part 2 §4): notices 21, 14
 * and 7 days before expiry, then daily until the password expires. Runs hourly; the last
 * reminder time is stored on the user so a restart never sends one twice the same day.
 */
public final class PasswordReminders implements Runnable {
    private final Directory directory;
    private final InstantSource clock;
    private final Notices notices;

    public PasswordReminders(Directory directory, InstantSource clock, Notices notices) {
        this.directory = directory;
        this.clock = clock;
        this.notices = notices;
    }

    @Override
    public void run() {
        Instant now = clock.instant();
        for (User u : directory.users(null)) {
            Optional<Domain> d = directory.domain(u.domain());
            if (d.isEmpty() || !u.enabled() || u.credentials().changedAt() == null) continue;
            int days = d.get().passwordPolicy().expiryDays();
            Instant changed = u.credentials().changedAt();
            if (!PasswordExpiry.reminderDue(now, changed, days, Optional.ofNullable(u.lastPasswordReminder()))) continue;
            Instant expires = PasswordExpiry.expiresAt(changed, days).orElseThrow();
            notices.send(u, "Your password expires on " + expires.atZone(ZoneOffset.UTC).toLocalDate(),
                    "The password of " + u.address() + " expires on " + expires.atZone(ZoneOffset.UTC).toLocalDate()
                            + ". Change it before then; an expired password cannot be used to log in.");
            directory.markPasswordReminder(u.id(), now);
        }
    }
}
