package org.switchboard.pbx.sip.transaction;

import java.time.Duration;

/** T1 (RTT estimate), T2 (max non-INVITE retransmit interval), T4 (max network lifetime), RFC 3261 §17.1.1.1. */
public record TimerValues(Duration t1, Duration t2, Duration t4) {
    public static final TimerValues DEFAULT = new TimerValues(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(5));

    /** 64*T1: Timers B, F, H, J, L, M. */
    public Duration timeout() { return t1.multipliedBy(64); }
}
