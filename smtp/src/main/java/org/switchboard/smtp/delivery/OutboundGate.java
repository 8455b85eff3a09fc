package org.switchboard.smtp.delivery;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Whether mail may leave for other hosts now (guide part 1 §29, dial-up): when the administrator
 * sends only on schedule, remote recipients are held in the queue until a scheduled (or run-now)
 * "send" opens the gate for its flush. Local delivery never asks. Thread-safe: windows nest, so
 * two overlapping sends keep it open until both are done.
 */
public final class OutboundGate {
    private final BooleanSupplier onlyOnSchedule;
    private final AtomicInteger openWindows = new AtomicInteger();

    public OutboundGate(BooleanSupplier onlyOnSchedule) {
        this.onlyOnSchedule = onlyOnSchedule;
    }

    /** True when remote delivery must wait for the next scheduled send. */
    public boolean holds() { return onlyOnSchedule.getAsBoolean() && openWindows.get() == 0; }

    /** Opens a sending window; close it with {@link #close()} in a finally block. */
    public void open() { openWindows.incrementAndGet(); }

    public void close() { openWindows.decrementAndGet(); }
}
