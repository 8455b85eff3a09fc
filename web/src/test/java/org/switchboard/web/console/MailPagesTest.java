package org.switchboard.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.StringOutput;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.switchboard.web.api.MailRoutes;

class MailPagesTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void instant_browserDateTimeLocal_readInTheServersZone() {
        assertThat(MailPages.instant("2026-11-01T08:00", BERLIN)).isEqualTo(Instant.parse("2026-11-01T07:00:00Z"));
        assertThat(MailPages.instant("2026-07-01T08:00:30", BERLIN)).isEqualTo(Instant.parse("2026-07-01T06:00:30Z"));
    }

    @Test
    void instant_isoInstant_takenAsIs() {
        assertThat(MailPages.instant("2026-11-01T00:00:00Z", BERLIN)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void instant_garbageEmptyOrHuge_null() {
        assertThat(MailPages.instant("yesterday", BERLIN)).isNull();
        assertThat(MailPages.instant("", BERLIN)).isNull();
        assertThat(MailPages.instant("2026-11-01T08:00" + "0".repeat(40), BERLIN)).isNull();
    }

    @Test
    void jobView_percentOfTotal_emptyJobFullOnlyWhenFinished() {
        assertThat(MailPages.JobView.of(new MailRoutes.Job("1", "reindex", 25, 200, false, null)).percent()).isEqualTo(12);
        assertThat(MailPages.JobView.of(new MailRoutes.Job("1", "reindex", 0, 0, false, null)).percent()).isZero();
        assertThat(MailPages.JobView.of(new MailRoutes.Job("1", "reindex", 0, 0, true, null)).percent()).isEqualTo(100);
    }

    private static String render(MailPages.JobView j) {
        StringOutput out = new StringOutput();
        JtejobGenerated.render(new OwaspHtmlTemplateOutput(out), null, j);
        return out.toString();
    }

    @Test
    void jobFragment_running_pollsItselfWithProgress_finished_stopsPolling() {
        String running = render(MailPages.JobView.of(new MailRoutes.Job("7", "reindex", 50, 200, false, null)));
        assertThat(running).contains("hx-get=\"/admin/mailstore/jobs/7\"").contains("hx-trigger=\"every 1s\"")
                .contains("<progress max=\"100\" value=\"25\"").contains("50 of 200 messages");
        String done = render(MailPages.JobView.of(new MailRoutes.Job("7", "reindex", 200, 200, true, null)));
        assertThat(done).doesNotContain("hx-get").contains("finished: 200 of 200");
        String failed = render(MailPages.JobView.of(new MailRoutes.Job("7", "reindex", 3, 200, true, "disk full")));
        assertThat(failed).doesNotContain("hx-get").contains("stopped after 3 of 200 messages: disk full");
    }
}
