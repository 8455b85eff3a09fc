package org.switchboard.pbx.sip;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.switchboard.core.log.LogKind;

/**
 * Runs submitted tasks one at a time, in submission order, on a shared backing executor: the event queue of one
 * transaction or one call (examples-to-follow A.10). State owned by a serial executor needs no lock; code running
 * on it hands work to other layers by submitting to their executors, never by calling into them under a lock.
 * Thread-safe. A task that throws is logged and does not stop the queue.
 */
public final class SerialExecutor implements Executor {
    private final Executor backing;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public SerialExecutor(Executor backing) {
        this.backing = backing;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) backing.execute(this::drain);
    }

    private void drain() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LogKind.ERROR.log("SIP task failed: " + e, e);
            }
        }
        scheduled.set(false);
        // A task added between the last poll and the reset would otherwise wait for the next submission.
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) backing.execute(this::drain);
    }
}
