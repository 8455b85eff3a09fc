package org.switchboard.smtp.fetch;

import java.time.LocalTime;
import java.util.Set;

/**
 * A scheduled action (guide part 1 §29, "Add Scheduled Action"): a time condition, either every
 * {@code everyMinutes} or daily {@code at} a time, optionally valid only within a named time range
 * (core's definitions), and what to do then.
 */
public record ScheduledAction(String name, boolean enabled, int everyMinutes, LocalTime at, String timeRange, Set<Action> actions) {
    /** What a scheduled action does. */
    public enum Action {
        /** Send the mail waiting in the queue (the only way out when sending only on schedule). */
        SEND,
        /** Download the enabled POP3 accounts. */
        POP3,
        /** Send ETRN to the enabled ETRN accounts. */
        ETRN
    }

    public ScheduledAction {
        actions = actions == null ? Set.of() : Set.copyOf(actions);
    }
}
