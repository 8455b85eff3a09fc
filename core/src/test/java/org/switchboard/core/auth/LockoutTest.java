package org.switchboard.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.core.LogCapture;
import org.switchboard.core.TestClock;
import org.switchboard.core.definitions.IpGroup;
import org.switchboard.core.definitions.IpGroups;
import org.switchboard.core.store.MemoryMetadataStore;

class LockoutTest {
    private static final SecuritySettings DEFAULTS = SecuritySettings.SECTION.defaults();

    private final TestClock clock = new TestClock();
    private final AtomicReference<SecuritySettings> settings = new AtomicReference<>(DEFAULTS);
    private final IpGroups ipGroups = new IpGroups(new MemoryMetadataStore());
    private final Lockout lockout = new Lockout(clock, settings::get, ipGroups::contains);

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static final InetAddress ATTACKER = ip("203.0.113.66");

    private void fail(int times, String service, InetAddress from, String account) {
        for (int i = 0; i < times; i++) lockout.failure(service, from, account);
    }

    private static SecuritySettings withAccountLock(SecuritySettings s) {
        return new SecuritySettings(s.blockIps(), s.failures(), s.windowSeconds(), s.blockSeconds(), true, 600,
                s.trustedIpGroup(), s.storeReversibleSecrets(), s.allowPlaintextWithoutTls());
    }

    private static SecuritySettings withTrusted(String group) {
        SecuritySettings s = DEFAULTS;
        return new SecuritySettings(s.blockIps(), s.failures(), s.windowSeconds(), s.blockSeconds(), s.lockAccounts(),
                s.accountLockSeconds(), group, s.storeReversibleSecrets(), s.allowPlaintextWithoutTls());
    }

    @Test
    void settings_defaults_guideValues() {
        assertThat(DEFAULTS.blockIps()).isTrue();
        assertThat(DEFAULTS.failures()).isEqualTo(10);
        assertThat(DEFAULTS.windowSeconds()).isEqualTo(60);
        assertThat(DEFAULTS.blockSeconds()).isEqualTo(300);
        assertThat(DEFAULTS.lockAccounts()).isFalse();
        assertThat(DEFAULTS.trustedIpGroup()).isNull();
    }

    @Test
    void failure_tenWithinWindow_ipBlockedForThatServiceOnly() {
        for (int i = 0; i < 10; i++) {
            lockout.failure("imap", ATTACKER, null);
            clock.advanceSeconds(5);   // 10 failures spread over 45 s
        }
        assertThat(lockout.isBlocked("imap", ATTACKER)).isTrue();
        assertThat(lockout.isBlocked("smtp", ATTACKER)).isFalse();
        assertThat(lockout.isBlocked("imap", ip("203.0.113.67"))).isFalse();
        assertThat(lockout.blocks()).containsExactly(new Lockout.Block("imap", "203.0.113.66", clock.instant().minusSeconds(5).plusSeconds(300)));
    }

    @Test
    void failure_nineWithinWindow_notBlocked() {
        fail(9, "imap", ATTACKER, null);
        assertThat(lockout.isBlocked("imap", ATTACKER)).isFalse();
        assertThat(lockout.blocks()).isEmpty();
    }

    @Test
    void failure_olderThanWindow_notCounted() {
        fail(9, "imap", ATTACKER, null);
        clock.advanceSeconds(61);
        lockout.failure("imap", ATTACKER, null);
        assertThat(lockout.isBlocked("imap", ATTACKER)).isFalse();
        fail(8, "imap", ATTACKER, null);
        assertThat(lockout.isBlocked("imap", ATTACKER)).isFalse();
        lockout.failure("imap", ATTACKER, null);
        assertThat(lockout.isBlocked("imap", ATTACKER)).as("10 within the new window").isTrue();
    }

    @Test
    void failure_spreadOverServices_notAddedUp() {
        fail(9, "imap", ATTACKER, null);
        fail(9, "pop3", ATTACKER, null);
        assertThat(lockout.isBlocked("imap", ATTACKER)).isFalse();
        assertThat(lockout.isBlocked("pop3", ATTACKER)).isFalse();
    }

    @Test
    void block_after300Seconds_expired() {
        fail(10, "imap", ATTACKER, null);
        clock.advanceSeconds(299);
        assertThat(lockout.isBlocked("imap", ATTACKER)).isTrue();
        clock.advanceSeconds(1);
        assertThat(lockout.isBlocked("imap", ATTACKER)).isFalse();
        assertThat(lockout.blocks()).isEmpty();
    }

    @Test
    void block_expired_freshCountStartsAgain() {
        fail(10, "imap", ATTACKER, null);
        clock.advanceSeconds(300);
        fail(9, "imap", ATTACKER, null);
        assertThat(lockout.isBlocked("imap", ATTACKER)).isFalse();
    }

    @Test
    void block_expiredButNeverChecked_repeatOffenderBlockedAgain() {
        fail(10, "imap", ATTACKER, null);
        clock.advanceSeconds(400);
        fail(10, "imap", ATTACKER, null);
        assertThat(lockout.isBlocked("imap", ATTACKER)).isTrue();
    }

    @Test
    void success_afterNineFailures_countCleared() {
        fail(9, "imap", ATTACKER, null);
        lockout.success("imap", ATTACKER, null);
        fail(9, "imap", ATTACKER, null);
        assertThat(lockout.isBlocked("imap", ATTACKER)).isFalse();
    }

    @Test
    void failure_fromLoopback_blockedLikeAnyAddress() {
        fail(10, "admin", ip("127.0.0.1"), null);
        fail(10, "admin", ip("::1"), null);
        assertThat(lockout.isBlocked("admin", ip("127.0.0.1"))).isTrue();
        assertThat(lockout.isBlocked("admin", ip("::1"))).isTrue();
    }

    @Test
    void failure_fromTrustedGroup_exemptOthersNot() {
        ipGroups.put(new Actor("admin", "cli"), new IpGroup("Trusted", null, List.of("192.0.2.0/24")));
        settings.set(withAccountLock(withTrusted("Trusted")));

        fail(50, "imap", ip("192.0.2.9"), "sherlock@holmes.com");
        fail(10, "imap", ATTACKER, null);

        assertThat(lockout.isBlocked("imap", ip("192.0.2.9"))).isFalse();
        assertThat(lockout.isAccountLocked("sherlock@holmes.com")).isFalse();
        assertThat(lockout.isBlocked("imap", ATTACKER)).isTrue();
    }

    @Test
    void failure_ipBlockingOff_neverBlocked() {
        SecuritySettings s = DEFAULTS;
        settings.set(new SecuritySettings(false, s.failures(), s.windowSeconds(), s.blockSeconds(), false, 300, null, false, false));
        fail(100, "imap", ATTACKER, null);
        assertThat(lockout.isBlocked("imap", ATTACKER)).isFalse();
    }

    @Test
    void accountLock_disabledByDefault_accountNeverLocked() {
        for (int i = 0; i < 20; i++) lockout.failure("imap", ip("198.51.100." + i), "sherlock@holmes.com");
        assertThat(lockout.isAccountLocked("sherlock@holmes.com")).isFalse();
    }

    @Test
    void accountLock_enabled_failuresFromManyIpsLockTheAccountAcrossServices() {
        settings.set(withAccountLock(DEFAULTS));
        for (int i = 0; i < 9; i++) lockout.failure(i % 2 == 0 ? "imap" : "smtp", ip("198.51.100." + i), "sherlock@holmes.com");
        assertThat(lockout.isAccountLocked("sherlock@holmes.com")).isFalse();

        lockout.failure("pop3", ip("198.51.100.99"), "sherlock@holmes.com");

        assertThat(lockout.isAccountLocked("sherlock@holmes.com")).isTrue();
        assertThat(lockout.isAccountLocked("watson@holmes.com")).isFalse();
        assertThat(lockout.accountLocks()).containsExactly(new Lockout.AccountLock("sherlock@holmes.com", clock.instant().plusSeconds(600)));
        assertThat(lockout.blocks()).as("no single IP reached the limit").isEmpty();
        clock.advanceSeconds(600);
        assertThat(lockout.isAccountLocked("sherlock@holmes.com")).isFalse();
    }

    @Test
    void unlockAll_blocksAndLocks_allLiftedCountsForgotten() {
        settings.set(withAccountLock(DEFAULTS));
        fail(10, "imap", ATTACKER, "sherlock@holmes.com");
        fail(10, "smtp", ATTACKER, null);
        fail(9, "pop3", ATTACKER, null);

        assertThat(lockout.unlockAll()).isEqualTo(3);

        assertThat(lockout.isBlocked("imap", ATTACKER)).isFalse();
        assertThat(lockout.isBlocked("smtp", ATTACKER)).isFalse();
        assertThat(lockout.isAccountLocked("sherlock@holmes.com")).isFalse();
        assertThat(lockout.blocks()).isEmpty();
        assertThat(lockout.accountLocks()).isEmpty();
        lockout.failure("pop3", ATTACKER, null);
        assertThat(lockout.isBlocked("pop3", ATTACKER)).as("earlier failures forgotten").isFalse();
    }

    @Test
    void block_started_oneSecurityLineWithAddressServiceDuration() {
        try (LogCapture log = LogCapture.of("switchboard.security")) {
            fail(9, "imap", ATTACKER, null);
            assertThat(log.lines()).isEmpty();
            lockout.failure("imap", ATTACKER, null);
            fail(5, "imap", ATTACKER, null);
            assertThat(log.lines()).containsExactly(
                    "IP address 203.0.113.66 blocked for service imap for 300 s after 10 failed logins within 60 s (password guessing)");
        }
    }

    @Test
    void accountLock_started_oneSecurityLine() {
        settings.set(withAccountLock(DEFAULTS));
        try (LogCapture log = LogCapture.of("switchboard.security")) {
            for (int i = 0; i < 10; i++) lockout.failure("imap", ip("198.51.100." + i), "sherlock@holmes.com");
            assertThat(log.lines()).containsExactly(
                    "Account sherlock@holmes.com locked for 600 s after 10 failed logins within 60 s (password guessing)");
        }
    }
}
