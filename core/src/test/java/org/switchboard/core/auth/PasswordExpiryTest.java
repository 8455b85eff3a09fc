package org.switchboard.core.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordExpiryTest {
    private static final Instant CHANGED = Instant.parse("2025-01-01T08:30:00Z");
    private static final int DAYS = 90;
    private static final Instant EXPIRES = Instant.parse("2025-04-01T08:30:00Z");

    @Test
    void expiresAt_positiveDays_addsThemAndZeroOrNegativeMeansNever() {
        assertThat(PasswordExpiry.expiresAt(CHANGED, DAYS)).contains(EXPIRES);
        assertThat(PasswordExpiry.expiresAt(CHANGED, 0)).isEmpty();
        assertThat(PasswordExpiry.expiresAt(CHANGED, -5)).isEmpty();
    }

    @Test
    void isExpired_atAndAfterExpiryInstant_isTrue() {
        assertThat(PasswordExpiry.isExpired(EXPIRES.minusSeconds(1), CHANGED, DAYS)).isFalse();
        assertThat(PasswordExpiry.isExpired(EXPIRES, CHANGED, DAYS)).isTrue();
        assertThat(PasswordExpiry.isExpired(EXPIRES.plus(Duration.ofDays(400)), CHANGED, 0)).isFalse();
    }

    @Test
    void reminderDue_hourlySchedulerOverWholePeriod_sendsOn21_14_7AndEachOfLastSixDays() {
        List<Long> daysLeftWhenSent = new ArrayList<>();
        Optional<Instant> last = Optional.empty();
        for (Instant now = CHANGED; now.isBefore(EXPIRES.plus(Duration.ofDays(3))); now = now.plus(Duration.ofMinutes(61))) {
            if (PasswordExpiry.reminderDue(now, CHANGED, DAYS, last)) {
                daysLeftWhenSent.add(Duration.between(now, EXPIRES).toDays() + 1);
                last = Optional.of(now);
            }
        }

        assertThat(daysLeftWhenSent).containsExactly(21L, 14L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
    }

    @Test
    void reminderDue_alreadyRemindedInTheSameDaySlot_isFalse() {
        Instant slot7 = EXPIRES.minus(Duration.ofDays(7));

        assertThat(PasswordExpiry.reminderDue(slot7.plusSeconds(60), CHANGED, DAYS, Optional.empty())).isTrue();
        assertThat(PasswordExpiry.reminderDue(slot7.plus(Duration.ofHours(23)), CHANGED, DAYS, Optional.of(slot7.plusSeconds(60))))
                .isFalse();
        assertThat(PasswordExpiry.reminderDue(slot7.plus(Duration.ofHours(25)), CHANGED, DAYS, Optional.of(slot7.plusSeconds(60))))
                .isTrue();
    }

    @Test
    void reminderDue_daysBetweenMilestonesOrAfterExpiryOrNoExpiry_isFalse() {
        assertThat(PasswordExpiry.reminderDue(EXPIRES.minus(Duration.ofDays(20)), CHANGED, DAYS, Optional.empty())).isFalse();
        assertThat(PasswordExpiry.reminderDue(EXPIRES.minus(Duration.ofDays(8)).plusSeconds(1), CHANGED, DAYS, Optional.empty())).isFalse();
        assertThat(PasswordExpiry.reminderDue(EXPIRES, CHANGED, DAYS, Optional.empty())).isFalse();
        assertThat(PasswordExpiry.reminderDue(EXPIRES.minus(Duration.ofDays(7)), CHANGED, 0, Optional.empty())).isFalse();
    }

    @Test
    void reminderDue_reminderFromBeforeThisSlot_doesNotBlockIt() {
        Instant slot14 = EXPIRES.minus(Duration.ofDays(14));
        Instant sentOn21 = EXPIRES.minus(Duration.ofDays(21)).plusSeconds(5);

        assertThat(PasswordExpiry.reminderDue(slot14, CHANGED, DAYS, Optional.of(sentOn21))).isTrue();
    }
}
