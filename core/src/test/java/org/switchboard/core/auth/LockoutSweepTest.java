package org.switchboard.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.switchboard.core.TestClock;

class LockoutSweepTest {
    @Test
    void sweep_staleFailuresAndExpiredBlocks_forgotten() throws Exception {
        TestClock clock = new TestClock();
        SecuritySettings s = SecuritySettings.SECTION.defaults();
        Lockout lockout = new Lockout(clock, () -> s, (g, a) -> false);
        for (int i = 0; i < 5000; i++) lockout.failure("imap", InetAddress.getByName("10.0." + (i / 250) + "." + (i % 250)), null);
        InetAddress attacker = InetAddress.getByName("192.0.2.9");
        for (int i = 0; i < 10; i++) lockout.failure("imap", attacker, null);
        assertThat(lockout.isBlocked("imap", attacker)).isTrue();

        clock.advance(Duration.ofSeconds(61));
        lockout.sweep();
        // The block (300 s) survives the sweep; the one-off failures are gone.
        assertThat(lockout.isBlocked("imap", attacker)).isTrue();
        for (int i = 0; i < 9; i++) lockout.failure("imap", InetAddress.getByName("10.0.0.1"), null);
        assertThat(lockout.isBlocked("imap", InetAddress.getByName("10.0.0.1"))).as("earlier failure was swept").isFalse();

        clock.advance(Duration.ofSeconds(300));
        lockout.sweep();
        assertThat(lockout.blocks()).isEmpty();
    }
}
