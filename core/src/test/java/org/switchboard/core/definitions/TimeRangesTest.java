package org.switchboard.core.definitions;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.switchboard.core.Actor;
import org.switchboard.core.error.Problem;
import org.switchboard.core.store.MemoryMetadataStore;

class TimeRangesTest {
    private static final Actor ADMIN = new Actor("admin", "192.0.2.10");
    private static final ZoneId PRAGUE = ZoneId.of("Europe/Prague");
    private static final Set<DayOfWeek> WORKDAYS = Set.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY);

    private final MemoryMetadataStore store = new MemoryMetadataStore();
    private final TimeRanges ranges = new TimeRanges(store);

    private static TimeRange.Interval daily(String from, String to) {
        return new TimeRange.Interval(TimeRange.Kind.DAILY, null, LocalTime.parse(from), LocalTime.parse(to), null, null, null);
    }

    private static TimeRange.Interval weekly(Set<DayOfWeek> days, String from, String to) {
        return new TimeRange.Interval(TimeRange.Kind.WEEKLY, days, LocalTime.parse(from), LocalTime.parse(to), null, null, null);
    }

    private static TimeRange.Interval absolute(String start, String end) {
        return new TimeRange.Interval(TimeRange.Kind.ABSOLUTE, null, null, null, LocalDateTime.parse(start), LocalDateTime.parse(end), null);
    }

    private TimeRange put(String name, TimeRange.Interval... intervals) {
        return ranges.put(ADMIN, new TimeRange(name, null, List.of(intervals)));
    }

    /** 2025-03-10 is a Monday. */
    private static ZonedDateTime at(String localDateTime) { return LocalDateTime.parse(localDateTime).atZone(PRAGUE); }

    private static void assertInvalid(Runnable r, String field, String text) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(Problem.class, p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.INVALID);
            assertThat(p.errors()).extracting(Problem.FieldError::field).containsExactly(field);
        }).hasMessageContaining(text);
    }

    @ParameterizedTest
    @CsvSource({"2025-03-10T07:59:59, false", "2025-03-10T08:00, true", "2025-03-15T12:00, true",
            "2025-03-10T16:59:59, true", "2025-03-10T17:00, false"})
    void daily_officeHours_fromInclusiveToExclusiveEveryDay(String when, boolean inside) {
        put("Office", daily("08:00", "17:00"));
        assertThat(ranges.contains("Office", at(when))).isEqualTo(inside);
    }

    @ParameterizedTest
    @CsvSource({"2025-03-10T23:30, true", "2025-03-11T05:59, true", "2025-03-11T06:00, false",
            "2025-03-10T21:59, false", "2025-03-10T12:00, false", "2025-03-10T22:00, true"})
    void daily_wrapsMidnight_nightCovered(String when, boolean inside) {
        put("Night", daily("22:00", "06:00"));
        assertThat(ranges.contains("Night", at(when))).isEqualTo(inside);
    }

    @Test
    void daily_sameFromAndTo_wholeDay() {
        put("Always", daily("00:00", "00:00"));
        assertThat(ranges.contains("Always", at("2025-03-10T00:00"))).isTrue();
        assertThat(ranges.contains("Always", at("2025-03-10T23:59:59"))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"2025-03-10T09:00, true", "2025-03-14T16:00, true", "2025-03-15T09:00, false",
            "2025-03-16T09:00, false", "2025-03-12T18:00, false"})
    void weekly_workdays_weekendsOutside(String when, boolean inside) {
        put("Work", weekly(WORKDAYS, "08:00", "17:00"));
        assertThat(ranges.contains("Work", at(when))).isEqualTo(inside);
    }

    @ParameterizedTest
    @CsvSource({"2025-03-14T22:00, true", "2025-03-15T05:59, true", "2025-03-15T06:00, false",
            "2025-03-14T05:00, false", "2025-03-15T23:00, false", "2025-03-10T01:00, false"})
    void weekly_fridayNightWrapping_belongsToFriday(String when, boolean inside) {
        put("Friday night", weekly(Set.of(FRIDAY), "22:00", "06:00"));
        assertThat(ranges.contains("Friday night", at(when))).isEqualTo(inside);
    }

    @Test
    void weekly_sundayNightWrapping_endsMondayMorning() {
        put("Sunday night", weekly(Set.of(SUNDAY), "20:00", "04:00"));
        assertThat(ranges.contains("Sunday night", at("2025-03-17T03:00"))).isTrue();
        assertThat(ranges.contains("Sunday night", at("2025-03-17T20:00"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"2025-12-24T11:59, false", "2025-12-24T12:00, true", "2025-12-26T23:59, true",
            "2025-12-27T00:00, false", "2026-12-25T12:00, false"})
    void absolute_boundaries_startInclusiveEndExclusive(String when, boolean inside) {
        put("Christmas", absolute("2025-12-24T12:00", "2025-12-27T00:00"));
        assertThat(ranges.contains("Christmas", at(when))).isEqualTo(inside);
    }

    @Test
    void contains_severalIntervals_anyOneMatches() {
        put("Service", weekly(Set.of(SATURDAY), "09:00", "12:00"), absolute("2025-03-12T18:00", "2025-03-12T20:00"));
        assertThat(ranges.contains("Service", at("2025-03-15T10:00"))).isTrue();
        assertThat(ranges.contains("Service", at("2025-03-12T19:00"))).isTrue();
        assertThat(ranges.contains("Service", at("2025-03-13T19:00"))).isFalse();
    }

    @Test
    void contains_unknownRange_false() {
        assertThat(ranges.contains("Nowhere", at("2025-03-10T09:00"))).isFalse();
    }

    @Test
    void contains_nameAnyCase_found() {
        put("Office", daily("08:00", "17:00"));
        assertThat(ranges.contains("OFFICE", at("2025-03-10T09:00"))).isTrue();
    }

    @Test
    void validation_missingName_invalid() {
        assertInvalid(() -> put(" ", daily("08:00", "17:00")), "name", "a name of 1 to 64 characters");
    }

    @Test
    void validation_noIntervals_invalid() {
        assertInvalid(() -> put("Empty"), "intervals", "add at least one interval");
    }

    @Test
    void validation_noKind_invalidNamingTheInterval() {
        TimeRange.Interval noKind = new TimeRange.Interval(null, null, LocalTime.NOON, LocalTime.MIDNIGHT, null, null, null);
        assertInvalid(() -> put("X", daily("08:00", "09:00"), noKind), "intervals[1]", "kind must be DAILY, WEEKLY or ABSOLUTE");
    }

    @Test
    void validation_dailyWithoutTimes_invalid() {
        TimeRange.Interval noTimes = new TimeRange.Interval(TimeRange.Kind.DAILY, null, LocalTime.NOON, null, null, null, null);
        assertInvalid(() -> put("X", noTimes), "intervals[0]", "from and to times are required");
    }

    @Test
    void validation_weeklyWithoutDays_invalid() {
        assertInvalid(() -> put("X", weekly(Set.of(), "08:00", "17:00")), "intervals[0]", "choose at least one day");
    }

    @Test
    void validation_absoluteEndNotAfterStart_invalid() {
        assertInvalid(() -> put("X", absolute("2025-03-10T10:00", "2025-03-10T10:00")), "intervals[0]", "the end must be after the start");
        assertInvalid(() -> put("X", absolute("2025-03-10T10:00", "2025-03-09T10:00")), "intervals[0]", "the end must be after the start");
    }

    @Test
    void validation_absoluteWithoutEnd_invalid() {
        TimeRange.Interval open = new TimeRange.Interval(TimeRange.Kind.ABSOLUTE, null, null, null, LocalDateTime.parse("2025-03-10T10:00"), null, null);
        assertInvalid(() -> put("X", open), "intervals[0]", "start and end date-times are required");
    }

    @Test
    void validation_failure_nothingSaved() {
        assertThatThrownBy(() -> put("X", weekly(Set.of(), "08:00", "17:00"))).isInstanceOf(Problem.class);
        assertThat(ranges.list()).isEmpty();
        assertThat(store.snapshot()).isEmpty();
    }

    @Test
    void persistence_secondInstance_sameRangesAndAnswers() {
        put("Work", weekly(WORKDAYS, "08:00", "17:00"), daily("22:00", "06:00"), absolute("2025-12-24T12:00", "2025-12-27T00:00"));
        TimeRanges reread = new TimeRanges(store);
        assertThat(reread.list()).isEqualTo(ranges.list());
        assertThat(reread.contains("work", at("2025-03-14T16:00"))).isTrue();
        assertThat(reread.contains("work", at("2025-03-15T16:00"))).isFalse();
    }

    @Test
    void remove_existing_gone() {
        put("Office", daily("08:00", "17:00"));
        ranges.remove(ADMIN, "office");
        assertThat(ranges.get("Office")).isEmpty();
        assertThat(new TimeRanges(store).list()).isEmpty();
    }

    @Test
    void remove_unknown_notFound() {
        assertThatThrownBy(() -> ranges.remove(ADMIN, "Nowhere")).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.kind()).isEqualTo(Problem.Kind.NOT_FOUND));
    }
}
