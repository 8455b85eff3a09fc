package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.switchboard.core.definitions.TimeRange;
import org.switchboard.core.definitions.TimeRange.Interval;
import org.switchboard.core.definitions.TimeRange.Kind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin timerange ...}: named time ranges, unions of daily, weekly and absolute intervals (REST: /api/v1/timeranges). */
@Command(name = "timerange", description = "List, show, set and remove time ranges.")
final class TimeRangeCommand {
    private final ConnectionOptions options;

    TimeRangeCommand(ConnectionOptions options) { this.options = options; }

    @Command(name = "list", description = "List time ranges.")
    int list() {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get("/api/v1/timeranges"), all -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode t : all) rows.add(List.of(t.path("name").asText(), intervals(t), Output.text(t, "description")));
                out.table(List.of("NAME", "INTERVALS", "DESCRIPTION"), rows, "No time ranges.");
            });
        }
        return 0;
    }

    @Command(name = "show", description = "Show one time range.")
    int show(@Parameters(paramLabel = "NAME") String name) {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get(path(name)), t -> out.fields("Time range", t.path("name").asText(),
                    "Description", Output.text(t, "description"), "Intervals", intervals(t)));
        }
        return 0;
    }

    @Command(name = "remove", description = "Remove a time range.")
    int remove(@Parameters(paramLabel = "NAME") String name) {
        try (AdminSession api = options.open()) {
            api.delete(path(name));
            Output out = options.output();
            out.show(null, x -> out.line("Time range " + name + " removed."));
        }
        return 0;
    }

    @Command(name = "set", description = {"Create or replace a time range with the intervals given (options repeatable and combinable).",
            "Daily and weekly times may wrap midnight (22:00-06:00); equal times mean the whole day."})
    int set(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--daily", paramLabel = "HH:MM-HH:MM", description = "Every day, e.g. 08:00-17:00.") List<String> daily,
            @Option(names = "--weekly", paramLabel = "DAYS@HH:MM-HH:MM", description = "On some days, e.g. MON-FRI@08:00-17:00 or SAT,SUN@10:00-12:00.")
            List<String> weekly,
            @Option(names = "--absolute", paramLabel = "START/END", description = "Once, e.g. 2026-12-24T00:00/2026-12-27T00:00 (or dates only).")
            List<String> absolute,
            @Option(names = "--description", paramLabel = "TEXT") String description) {
        List<Interval> intervals = new ArrayList<>();
        if (daily != null) for (String d : daily) intervals.add(daily(d));
        if (weekly != null) for (String w : weekly) intervals.add(weekly(w));
        if (absolute != null) for (String a : absolute) intervals.add(absolute(a));
        if (intervals.isEmpty()) throw CliFailure.usage("give at least one of --daily, --weekly, --absolute");
        try (AdminSession api = options.open()) {
            JsonNode t = api.put(path(name), new TimeRange(name, description, intervals));
            Output out = options.output();
            out.show(t, x -> out.line("Time range " + x.path("name").asText() + ": " + intervals(x) + "."));
        }
        return 0;
    }

    static Interval daily(String text) {
        LocalTime[] t = times(text, "--daily " + text);
        return new Interval(Kind.DAILY, Set.of(), t[0], t[1], null, null, null);
    }

    static Interval weekly(String text) {
        int at = text.indexOf('@');
        if (at < 0) throw CliFailure.usage("--weekly " + text + ": write DAYS@HH:MM-HH:MM, e.g. MON-FRI@08:00-17:00");
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : text.substring(0, at).split(",")) {
            String p = part.strip();
            int dash = p.indexOf('-');
            if (dash < 0) {
                days.add(day(p, text));
            } else {
                DayOfWeek from = day(p.substring(0, dash), text), to = day(p.substring(dash + 1), text);
                for (DayOfWeek d = from; ; d = d.plus(1)) {
                    days.add(d);
                    if (d == to) break;
                }
            }
        }
        LocalTime[] t = times(text.substring(at + 1), "--weekly " + text);
        return new Interval(Kind.WEEKLY, days, t[0], t[1], null, null, null);
    }

    static Interval absolute(String text) {
        String[] p = text.split("/", -1);
        if (p.length != 2) throw CliFailure.usage("--absolute " + text + ": write START/END, e.g. 2026-12-24T00:00/2026-12-27T00:00");
        LocalDateTime start = dateTime(p[0], text), end = dateTime(p[1], text);
        if (!end.isAfter(start)) throw CliFailure.usage("--absolute " + text + ": the end must be after the start");
        return new Interval(Kind.ABSOLUTE, Set.of(), null, null, start, end, null);
    }

    private static DayOfWeek day(String name, String whole) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        if (n.length() >= 3) {
            for (DayOfWeek d : DayOfWeek.values()) if (d.name().startsWith(n)) return d;
        }
        throw CliFailure.usage("--weekly " + whole + ": '" + name + "' is not a day (MON, TUE, WED, THU, FRI, SAT, SUN)");
    }

    /** "08:00-17:00"; "24:00" as an end means midnight. */
    private static LocalTime[] times(String text, String what) {
        String[] p = text.strip().split("-", -1);
        if (p.length != 2) throw CliFailure.usage(what + ": write HH:MM-HH:MM, e.g. 08:00-17:00");
        try {
            return new LocalTime[] {LocalTime.parse(p[0].strip()), p[1].strip().equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(p[1].strip())};
        } catch (DateTimeParseException e) {
            throw CliFailure.usage(what + ": write HH:MM-HH:MM, e.g. 08:00-17:00");
        }
    }

    private static LocalDateTime dateTime(String text, String whole) {
        String t = text.strip();
        try {
            return t.contains("T") ? LocalDateTime.parse(t) : LocalDate.parse(t).atStartOfDay();
        } catch (DateTimeParseException e) {
            throw CliFailure.usage("--absolute " + whole + ": '" + text + "' is not a date-time like 2026-12-24T08:00");
        }
    }

    /** The intervals as people read them: "daily 08:00-17:00; MON-FRI 08:00-12:00; 2026-12-24 00:00 to 2026-12-27 00:00". */
    static String intervals(JsonNode range) {
        List<String> parts = new ArrayList<>();
        for (JsonNode i : range.path("intervals")) {
            String times = hhmm(i.path("from").asText()) + "-" + hhmm(i.path("to").asText());
            parts.add(switch (i.path("kind").asText()) {
                case "DAILY" -> "daily " + times;
                case "WEEKLY" -> days(i.path("days")) + " " + times;
                default -> minutes(i.path("start").asText()) + " to " + minutes(i.path("end").asText());
            });
        }
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    /** "MON-FRI", "SAT,SUN", "MON,WED-FRI": runs of three days or more as ranges. */
    private static String days(JsonNode days) {
        EnumSet<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
        for (JsonNode d : days) set.add(DayOfWeek.valueOf(d.asText()));
        List<String> parts = new ArrayList<>();
        DayOfWeek[] all = DayOfWeek.values();
        for (int i = 0; i < all.length; i++) {
            if (!set.contains(all[i])) continue;
            int j = i;
            while (j + 1 < all.length && set.contains(all[j + 1])) j++;
            String first = all[i].name().substring(0, 3), last = all[j].name().substring(0, 3);
            if (j - i >= 2) parts.add(first + "-" + last);
            else for (int k = i; k <= j; k++) parts.add(all[k].name().substring(0, 3));
            i = j;
        }
        return String.join(",", parts);
    }

    /** "2026-12-24T08:00:00" as "2026-12-24 08:00". */
    private static String minutes(String dateTime) {
        String t = dateTime.replace('T', ' ');
        return t.length() == 19 && t.endsWith(":00") ? t.substring(0, 16) : t;
    }

    private static String hhmm(String time) { return time.length() > 5 ? time.substring(0, 5) : time; }

    private static String path(String name) { return "/api/v1/timeranges/" + AdminSession.seg(name); }
}
