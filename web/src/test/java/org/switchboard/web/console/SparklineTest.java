package org.switchboard.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SparklineTest {
    @Test
    void of_twoPoints_endAtTheRightEdgeScaledToMax() {
        Sparkline s = Sparkline.of("CPU", "50 %", List.of(0.0, 100.0), 100);
        assertThat(s.enough()).isTrue();
        assertThat(s.line()).endsWith("300.0,1.0");
        assertThat(s.line().split(" ")[0]).endsWith(",59.0");
        assertThat(s.area()).endsWith("300,60");
    }

    @Test
    void of_onePoint_notEnoughToDraw() {
        assertThat(Sparkline.of("CPU", "1 %", List.of(1.0), 100).enough()).isFalse();
    }

    @Test
    void of_unknownAndOverflowValues_clampedIntoTheBox() {
        Sparkline s = Sparkline.of("x", "", List.of(-1.0, 500.0), 100);
        for (String p : s.line().split(" ")) {
            double y = Double.parseDouble(p.split(",")[1]);
            assertThat(y).isBetween(0.0, 60.0);
        }
    }

    @Test
    void sampler_moreThanAnHour_keepsTheLastHourInOrder() {
        Sampler sampler = new Sampler(() -> Instant.EPOCH, java.nio.file.Path.of("."), List::of, () -> 0, () -> Sampler.Activity.NONE);
        for (int i = 0; i < Sampler.KEEP + 25; i++) {
            sampler.add(new Sampler.Sample(Instant.ofEpochSecond(i * 10L), i, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        List<Sampler.Sample> kept = sampler.samples();
        assertThat(kept).hasSize(Sampler.KEEP);
        assertThat(kept.get(0).cpuPercent()).isEqualTo(25);
        assertThat(kept.get(kept.size() - 1).cpuPercent()).isEqualTo(Sampler.KEEP + 24);
    }

    @Test
    void sampler_realMeasurement_recordsDiskOfTheDataDirectoryAndActivity() {
        Sampler sampler = new Sampler(Instant::now, java.nio.file.Path.of(System.getProperty("java.io.tmpdir")), List::of, () -> 3,
                () -> new Sampler.Activity(2, 5, 1, 3, 10, 9));
        sampler.sample();
        Sampler.Sample s = sampler.samples().get(0);
        assertThat(s.diskTotalBytes()).isPositive();
        assertThat(s.diskPercent()).isBetween(0.0, 100.0);
        assertThat(s.blocked()).isEqualTo(3);
        assertThat(List.of(s.mailSessions(), s.phones(), s.calls(), s.queued())).containsExactly(2, 5, 1, 3);
        assertThat(s.heapUsedBytes()).isPositive();
    }
}
