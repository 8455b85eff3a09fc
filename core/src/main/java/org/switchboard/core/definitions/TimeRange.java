package org.switchboard.core.definitions;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

/**
 * A named time range (guide: Definitions → Time Ranges): a union of intervals. Daily and
 * weekly intervals may wrap midnight (22:00–06:00); absolute intervals are local date-times
 * in the server's time zone.
 */
public record TimeRange(String name, String description, List<Interval> intervals) {
    public TimeRange {
        intervals = List.copyOf(intervals);
        if (description == null) description = "";
    }

    public enum Kind { DAILY, WEEKLY, ABSOLUTE }

    public record Interval(Kind kind, Set<DayOfWeek> days, LocalTime from, LocalTime to,
                           LocalDateTime start, LocalDateTime end, String description) {
        public Interval {
            days = days == null ? Set.of() : Set.copyOf(days);
            if (description == null) description = "";
        }

        boolean contains(ZonedDateTime t) {
            return switch (kind) {
                case DAILY -> inTime(t.toLocalTime());
                case WEEKLY -> {
                    // A wrapping weekly interval belongs to the day it started on.
                    boolean wraps = to.isBefore(from) || to.equals(from);
                    if (!wraps) yield days.contains(t.getDayOfWeek()) && inTime(t.toLocalTime());
                    yield (days.contains(t.getDayOfWeek()) && !t.toLocalTime().isBefore(from))
                            || (days.contains(t.getDayOfWeek().minus(1)) && t.toLocalTime().isBefore(to));
                }
                case ABSOLUTE -> {
                    LocalDateTime l = t.toLocalDateTime();
                    yield !l.isBefore(start) && l.isBefore(end);
                }
            };
        }

        private boolean inTime(LocalTime t) {
            if (from.equals(to)) return true;                 // 00:00–00:00: the whole day
            if (from.isBefore(to)) return !t.isBefore(from) && t.isBefore(to);
            return !t.isBefore(from) || t.isBefore(to);       // wraps midnight
        }
    }

    public boolean contains(ZonedDateTime t) { return intervals.stream().anyMatch(i -> i.contains(t)); }
}
