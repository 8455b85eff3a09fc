package org.switchboard.core;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand, so time windows are tested without waiting. Thread-safe. */
public final class TestClock implements InstantSource {
    private final AtomicReference<Instant> now;

    public TestClock(Instant start) { this.now = new AtomicReference<>(start); }

    public TestClock() { this(Instant.parse("2025-03-14T09:00:00Z")); }

    @Override
    public Instant instant() { return now.get(); }

    public Instant advance(Duration d) { return now.updateAndGet(t -> t.plus(d)); }

    public Instant advanceSeconds(long s) { return advance(Duration.ofSeconds(s)); }
}
