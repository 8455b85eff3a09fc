package org.switchboard.smtp.fetch;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decides when scheduled actions are due (guide part 1 §29) and hands them to the runner on a
 * virtual thread. "Every N minutes" runs on the first tick and then N minutes after the last run;
 * "at HH:MM" runs once when that local time passes (no catching up for times missed while the
 * server was down). Outside its time range an action waits, and runs as soon as the range opens.
 * One ticker thread; {@code lock} guards the bookkeeping and is never held while running actions.
 */
final class DeliverySchedule implements AutoCloseable {
    static final Duration TICK = Duration.ofSeconds(15);

    private final Supplier<List<ScheduledAction>> actions;
    private final BiPredicate<String, ZonedDateTime> inRange;
    private final Supplier<ZoneId> zone;
    private final InstantSource clock;
    private final Consumer<Set<ScheduledAction.Action>> runner;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private final Map<String, Instant> lastRun = new HashMap<>();
    private Instant lastTick;
    private boolean running;
    private Thread ticker;

    /** @param inRange whether the named time range contains the moment (false for an unknown range) */
    DeliverySchedule(Supplier<List<ScheduledAction>> actions, BiPredicate<String, ZonedDateTime> inRange, Supplier<ZoneId> zone,
                     InstantSource clock, Consumer<Set<ScheduledAction.Action>> runner) {
        this.actions = actions;
        this.inRange = inRange;
        this.zone = zone;
        this.clock = clock;
        this.runner = runner;
        this.lastTick = clock.instant();
    }

    /** What is due now, recorded as run. */
    Set<ScheduledAction.Action> due() {
        lock.lock();
        try {
            Instant now = clock.instant();
            ZonedDateTime local = now.atZone(zone.get());
            Set<ScheduledAction.Action> due = EnumSet.noneOf(ScheduledAction.Action.class);
            for (ScheduledAction a : actions.get()) {
                if (!a.enabled() || a.actions().isEmpty()) continue;
                String key = a.name().toLowerCase(Locale.ROOT);
                boolean timeDue;
                if (a.at() != null) {
                    ZonedDateTime today = local.with(a.at());
                    ZonedDateTime last = today.isAfter(local) ? today.minusDays(1) : today;
                    timeDue = last.toInstant().isAfter(lastTick);
                } else {
                    Instant previous = lastRun.get(key);
                    timeDue = previous == null || !now.isBefore(previous.plus(Duration.ofMinutes(a.everyMinutes())));
                }
                if (!timeDue) continue;
                if (a.timeRange() != null && !inRange.test(a.timeRange(), local)) {
                    // "Every" waits for the range; a daily "at" outside it is skipped for that day.
                    continue;
                }
                lastRun.put(key, now);
                due.addAll(a.actions());
            }
            lastTick = now;
            return due;
        } finally {
            lock.unlock();
        }
    }

    void tick() {
        Set<ScheduledAction.Action> due = due();
        if (!due.isEmpty()) Thread.ofVirtual().name("delivery-schedule").start(() -> runner.accept(due));
    }

    void start() {
        lock.lock();
        try {
            running = true;
        } finally {
            lock.unlock();
        }
        ticker = Thread.ofVirtual().name("delivery-schedule-ticker").start(() -> {
            while (true) {
                lock.lock();
                try {
                    if (!running) return;
                    stopped.awaitNanos(TICK.toNanos());
                    if (!running) return;
                } catch (InterruptedException e) {
                    return;
                } finally {
                    lock.unlock();
                }
                tick();
            }
        });
    }

    @Override
    public void close() {
        lock.lock();
        try {
            running = false;
            stopped.signalAll();
        } finally {
            lock.unlock();
        }
        if (ticker != null) {
            try {
                ticker.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
