package org.switchboard.web.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.switchboard.core.definitions.TimeRange;

class TimeRangeTextTest {
    @Test
    void parse_everyKind_roundTripsThroughFormat() {
        List<String> lines = List.of("daily 8:00-17:00", "weekly mon,wed,FRI 22:00-06:00", "from 2025-12-24 00:00 to 2025-12-27 00:00");
        List<TimeRange.Interval> parsed = TimeRangeText.parse(lines);
        assertThat(parsed.get(0).from()).isEqualTo(LocalTime.of(8, 0));
        assertThat(parsed.get(1).days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY);
        assertThat(parsed.get(2).end().getDayOfMonth()).isEqualTo(27);
        assertThat(TimeRangeText.parse(List.of(TimeRangeText.format(parsed).split("\n")))).isEqualTo(parsed);
    }

    @Test
    void parse_badLine_namesTheLine() {
        assertThatThrownBy(() -> TimeRangeText.parse(List.of("daily 08:00-17:00", "weekly funday 08:00-09:00")))
                .hasMessageStartingWith("line 2:").hasMessageContaining("funday");
        assertThatThrownBy(() -> TimeRangeText.parse(List.of("daily 25:00-26:00"))).hasMessage("line 1: not a valid date or time");
        assertThatThrownBy(() -> TimeRangeText.parse(List.of("sometimes"))).hasMessageStartingWith("line 1: write");
    }

    @Test
    void segments_highlight_marksEveryMatchCaseInsensitively() {
        List<LogPages.Seg> s = LogPages.segments("Login FAILED, failed again", Pattern.compile("failed", Pattern.CASE_INSENSITIVE));
        assertThat(s).containsExactly(new LogPages.Seg("Login ", false), new LogPages.Seg("FAILED", true),
                new LogPages.Seg(", ", false), new LogPages.Seg("failed", true), new LogPages.Seg(" again", false));
    }

    @Test
    void segments_emptyMatchingRegex_marksNothingAndTerminates() {
        assertThat(LogPages.segments("abc", Pattern.compile("x*"))).containsExactly(new LogPages.Seg("abc", false));
    }
}
