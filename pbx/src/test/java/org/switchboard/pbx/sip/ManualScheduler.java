package org.switchboard.pbx.sip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;

/** A scheduler driven by the test: {@link #advance} runs due tasks in time order, instantly. Single-threaded use. */
public final class ManualScheduler implements Scheduler {
    private record Entry(long due, long seq, Executor executor, Runnable task, boolean[] cancelled) {}

    private final List<Entry> queue = new ArrayList<>();
    private long now;
    private long seq;

    @Override
    public Timer schedule(Duration delay, Executor executor, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Entry(now + delay.toMillis(), seq++, executor, task, cancelled));
        return () -> cancelled[0] = true;
    }

    public void advance(Duration d) {
        long until = now + d.toMillis();
        while (true) {
            Entry next = queue.stream().filter(e -> !e.cancelled()[0] && e.due() <= until)
                    .min(Comparator.comparingLong(Entry::due).thenComparingLong(Entry::seq)).orElse(null);
            if (next == null) break;
            queue.remove(next);
            now = next.due();
            next.executor().execute(next.task());
        }
        now = until;
    }

    public long nowMillis() { return now; }

    public int pending() { return (int) queue.stream().filter(e -> !e.cancelled()[0]).count(); }
}
