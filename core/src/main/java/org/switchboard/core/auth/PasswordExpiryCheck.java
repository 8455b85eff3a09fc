package org.switchboard.core.auth;

import java.time.Duration;
import java.time.Instant;

/** Placeholder until the auth branch's PasswordExpiry lands. */
final class PasswordExpiryCheck {
    private PasswordExpiryCheck() {}

    static boolean expired(Instant now, Instant changedAt, int days) {
        return days > 0 && !now.isBefore(changedAt.plus(Duration.ofDays(days)));
    }
}
