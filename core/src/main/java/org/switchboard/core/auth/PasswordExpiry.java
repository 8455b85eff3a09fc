package org.switchboard.core.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a password expires and when its owner should be reminded. Pure functions of the instants given, so
 * the scheduler that calls them may run at any interval. A "day" is a 24-hour slot counted back from the
 * expiry instant: reminders go out in the slots 21, 14 and 7 days before expiry and in each slot after the
 * 7th, at most once per slot; a slot the scheduler missed is skipped rather than sent late.
 */
public final class PasswordExpiry {
    private static final Duration DAY = Duration.ofDays(1);
    private static final int[] REMINDER_DAYS = {21, 14, 7, 6, 5, 4, 3, 2, 1};

    private PasswordExpiry() {
    }

    public static Optional<Instant> expiresAt(Instant passwordChangedAt, int expiryDays) {
        if (expiryDays <= 0) return Optional.empty();
        return Optional.of(passwordChangedAt.plus(Duration.ofDays(expiryDays)));
    }

    public static boolean isExpired(Instant now, Instant passwordChangedAt, int expiryDays) {
        return expiresAt(passwordChangedAt, expiryDays).map(at -> !now.isBefore(at)).orElse(false);
    }

    /** True when now falls in a reminder slot and no reminder has been sent since that slot began. */
    public static boolean reminderDue(Instant now, Instant passwordChangedAt, int expiryDays, Optional<Instant> lastReminder) {
        Optional<Instant> expiry = expiresAt(passwordChangedAt, expiryDays);
        if (expiry.isEmpty()) return false;
        for (int days : REMINDER_DAYS) {
            Instant slotStart = expiry.get().minus(DAY.multipliedBy(days));
            Instant slotEnd = slotStart.plus(DAY);
            if (!now.isBefore(slotStart) && now.isBefore(slotEnd)) {
                return lastReminder.map(last -> last.isBefore(slotStart)).orElse(true);
            }
        }
        return false;
    }
}
