package org.switchboard.pbx.sip.transaction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.switchboard.pbx.sip.SerialExecutor;
import org.switchboard.pbx.sip.Scheduler;

/**
 * The timers of one transaction: a repeating retransmission whose interval doubles up to a cap (Timers A, E, G
 * and the 2xx retransmission) and one-shot timeouts. Used only on the owning transaction's executor.
 */
final class Retransmission {
    private final Scheduler scheduler;
    private final SerialExecutor executor;
    private final List<Scheduler.Timer> oneShots = new ArrayList<>();
    private Scheduler.Timer repeat;
    private boolean repeating;

    Retransmission(Scheduler scheduler, SerialExecutor executor) {
        this.scheduler = scheduler;
        this.executor = executor;
    }

    /** Runs {@code action} after {@code first}, then doubling each time up to {@code cap} (§17.1.1.2, §17.1.2.2). */
    void start(Duration first, Duration cap, Runnable action) {
        cancelRepeats();
        repeating = true;
        schedule(first, cap, action);
    }

    private void schedule(Duration interval, Duration cap, Runnable action) {
        repeat = scheduler.schedule(interval, executor, () -> {
            if (!repeating) return;
            action.run();
            Duration next = interval.multipliedBy(2);
            schedule(next.compareTo(cap) > 0 ? cap : next, cap, action);
        });
    }

    void after(Duration delay, Runnable action) {
        oneShots.add(scheduler.schedule(delay, executor, action));
    }

    void cancelRepeats() {
        repeating = false;
        if (repeat != null) repeat.cancel();
        repeat = null;
    }

    void cancel() {
        cancelRepeats();
        oneShots.forEach(Scheduler.Timer::cancel);
        oneShots.clear();
    }
}
