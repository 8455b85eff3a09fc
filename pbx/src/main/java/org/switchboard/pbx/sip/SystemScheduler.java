package org.switchboard.pbx.sip;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The real clock: one platform timer thread that only hands due tasks to their executors. */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sip-timers");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Timer schedule(Duration delay, Executor executor, Runnable task) {
        ScheduledFuture<?> f = timer.schedule(() -> executor.execute(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
