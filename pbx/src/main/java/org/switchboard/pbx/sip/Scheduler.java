package org.switchboard.pbx.sip;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Timers for the SIP stack (RFC 3261 Timers A..M, registration expiry, ring timeouts). Injected so tests can run
 * a 32 s Timer B in microseconds. The task runs on {@code executor} (the owner's serial executor), never on the
 * timer thread.
 */
public interface Scheduler {
    interface Timer {
        void cancel();
    }

    Timer schedule(Duration delay, Executor executor, Runnable task);
}
