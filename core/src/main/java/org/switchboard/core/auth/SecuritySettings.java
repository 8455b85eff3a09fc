package org.switchboard.core.auth;

import org.switchboard.core.settings.Section;

/**
 * Security policy (guide part 2 §2, §4): password-guessing protection per source IP and
 * service (default 10 failures within 60 s block the IP for 5 minutes), optional account
 * lock across services, the trusted IP group exempt from both (empty by default), whether
 * challenge-response secrets may be stored reversibly, and whether clear-text logins are
 * accepted on connections without TLS.
 */
public record SecuritySettings(boolean blockIps, int failures, int windowSeconds, int blockSeconds,
                               boolean lockAccounts, int accountLockSeconds, String trustedIpGroup,
                               boolean storeReversibleSecrets, boolean allowPlaintextWithoutTls) {
    public static final Section<SecuritySettings> SECTION = new Section<>("security", SecuritySettings.class,
            new SecuritySettings(true, 10, 60, 300, false, 300, null, false, false), SecuritySettings::check);

    static void check(SecuritySettings s) {
        if (s.failures() < 1 || s.failures() > 1000) throw new IllegalArgumentException("failures must be 1..1000");
        if (s.windowSeconds() < 1 || s.windowSeconds() > 86400) throw new IllegalArgumentException("windowSeconds must be 1..86400");
        if (s.blockSeconds() < 1 || s.blockSeconds() > 7 * 86400) throw new IllegalArgumentException("blockSeconds must be 1..604800");
        if (s.accountLockSeconds() < 1 || s.accountLockSeconds() > 7 * 86400) throw new IllegalArgumentException("accountLockSeconds must be 1..604800");
    }
}
