package org.switchboard.web.console;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.switchboard.core.definitions.TimeRange;

/**
 * Time range intervals as an admin types them, one per line:
 * {@code daily 08:00-17:00}, {@code weekly mon,tue,fri 08:00-12:00},
 * {@code from 2025-12-24 00:00 to 2025-12-27 00:00}. Parsing reports the first bad line.
 */
final class TimeRangeText {
    static final int MAX_LINES = 100;
    private static final Pattern DAILY = Pattern.compile("daily\\s+(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})", Pattern.CASE_INSENSITIVE);
    private static final Pattern WEEKLY = Pattern.compile("weekly\\s+([a-z,\\s]+?)\\s+(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})", Pattern.CASE_INSENSITIVE);
    private static final Pattern ABSOLUTE = Pattern.compile("from\\s+(\\d{4}-\\d{2}-\\d{2})\\s+(\\d{1,2}:\\d{2})\\s+to\\s+(\\d{4}-\\d{2}-\\d{2})\\s+(\\d{1,2}:\\d{2})",
            Pattern.CASE_INSENSITIVE);

    private TimeRangeText() {}

    static String format(List<TimeRange.Interval> intervals) {
        List<String> out = new ArrayList<>();
        for (TimeRange.Interval i : intervals) {
            out.add(switch (i.kind()) {
                case DAILY -> "daily " + i.from() + "-" + i.to();
                case WEEKLY -> "weekly " + String.join(",", i.days().stream().sorted().map(d -> d.name().substring(0, 3).toLowerCase(Locale.ROOT)).toList())
                        + " " + i.from() + "-" + i.to();
                case ABSOLUTE -> "from " + i.start().toLocalDate() + " " + i.start().toLocalTime() + " to " + i.end().toLocalDate() + " " + i.end().toLocalTime();
            });
        }
        return String.join("\n", out);
    }

    /** The intervals, or an IllegalArgumentException naming the line and what is wrong with it. */
    static List<TimeRange.Interval> parse(List<String> lines) {
        if (lines.size() > MAX_LINES) throw new IllegalArgumentException("at most " + MAX_LINES + " intervals");
        List<TimeRange.Interval> out = new ArrayList<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            try {
                Matcher m;
                if ((m = DAILY.matcher(line)).matches()) {
                    out.add(new TimeRange.Interval(TimeRange.Kind.DAILY, Set.of(), time(m.group(1)), time(m.group(2)), null, null, null));
                } else if ((m = WEEKLY.matcher(line)).matches()) {
                    out.add(new TimeRange.Interval(TimeRange.Kind.WEEKLY, days(m.group(1)), time(m.group(2)), time(m.group(3)), null, null, null));
                } else if ((m = ABSOLUTE.matcher(line)).matches()) {
                    out.add(new TimeRange.Interval(TimeRange.Kind.ABSOLUTE, Set.of(), null, null,
                            LocalDateTime.parse(m.group(1) + "T" + pad(m.group(2))), LocalDateTime.parse(m.group(3) + "T" + pad(m.group(4))), null));
                } else {
                    throw new IllegalArgumentException("write 'daily 08:00-17:00', 'weekly mon,tue 08:00-17:00' or 'from 2025-12-24 00:00 to 2025-12-27 00:00'");
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("line " + n + ": not a valid date or time");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + n + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static String pad(String hhmm) { return hhmm.length() == 4 ? "0" + hhmm : hhmm; }

    private static LocalTime time(String hhmm) { return LocalTime.parse(pad(hhmm)); }

    private static Set<DayOfWeek> days(String list) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String d : list.split("[,\\s]+")) {
            if (d.isBlank()) continue;
            String k = d.strip().toUpperCase(Locale.ROOT);
            DayOfWeek day = null;
            for (DayOfWeek w : DayOfWeek.values()) if (k.length() >= 2 && w.name().startsWith(k)) day = w;
            if (day == null) throw new IllegalArgumentException("'" + d + "' is not a day (mon, tue, wed, thu, fri, sat, sun)");
            out.add(day);
        }
        return out;
    }
}
