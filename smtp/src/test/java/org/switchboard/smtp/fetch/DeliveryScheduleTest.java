package org.switchboard.smtp.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.switchboard.smtp.fetch.ScheduledAction.Action;

class DeliveryScheduleTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-02T09:00:00Z"));
    private final InstantSource clock = now::get;

    private DeliverySchedule schedule(List<ScheduledAction> actions) {
        // The only time range: office hours 08:00-17:00.
        return new DeliverySchedule(() -> actions, (name, t) -> name.equals("Office") && t.getHour() >= 8 && t.getHour() < 17,
                () -> ZoneOffset.UTC, clock, due -> {});
    }

    private void advance(Duration d) { now.set(now.get().plus(d)); }

    @Test
    void every_runsFirstTickThenAfterInterval() {
        DeliverySchedule s = schedule(List.of(new ScheduledAction("pull", true, 30, null, null, Set.of(Action.POP3, Action.ETRN))));
        assertThat(s.due()).containsExactlyInAnyOrder(Action.POP3, Action.ETRN);
        advance(Duration.ofMinutes(29));
        assertThat(s.due()).isEmpty();
        advance(Duration.ofMinutes(1));
        assertThat(s.due()).containsExactlyInAnyOrder(Action.POP3, Action.ETRN);
    }

    @Test
    void every_outsideTimeRange_waitsForIt() {
        now.set(Instant.parse("2026-11-02T07:50:00Z"));
        DeliverySchedule s = schedule(List.of(new ScheduledAction("send", true, 60, null, "Office", Set.of(Action.SEND))));
        assertThat(s.due()).isEmpty();
        advance(Duration.ofMinutes(10));
        assertThat(s.due()).containsExactly(Action.SEND);
    }

    @Test
    void at_runsOnceWhenTheTimePasses() {
        DeliverySchedule s = schedule(List.of(new ScheduledAction("noon", true, 0, LocalTime.of(12, 0), null, Set.of(Action.SEND))));
        assertThat(s.due()).isEmpty();
        now.set(ZonedDateTime.parse("2026-11-02T12:00:10Z").toInstant());
        assertThat(s.due()).containsExactly(Action.SEND);
        advance(Duration.ofSeconds(15));
        assertThat(s.due()).isEmpty();
        advance(Duration.ofDays(1));
        assertThat(s.due()).containsExactly(Action.SEND);
    }

    @Test
    void disabled_neverRuns() {
        DeliverySchedule s = schedule(List.of(new ScheduledAction("off", false, 1, null, null, Set.of(Action.SEND))));
        assertThat(s.due()).isEmpty();
    }
}
