package org.switchboard.pbx.call;

import java.time.Instant;

/**
 * One call in the history (guide §31): who called whom, when it started, was answered and ended, how long the
 * conversation lasted, and how it ended. {@code answer} is null for calls never answered.
 */
public record CallRecord(String id, String caller, String callerName, String callee, Instant start, Instant answer,
                         Instant end, long durationSeconds, Disposition disposition) {
    public enum Disposition { ANSWERED, BUSY, NO_ANSWER, CANCELLED, UNAVAILABLE, FAILED }
}
