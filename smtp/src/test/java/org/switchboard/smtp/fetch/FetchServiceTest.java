package org.switchboard.smtp.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.LogCapture;
import org.switchboard.smtp.TestServer;

class FetchServiceTest {
    @Test
    void putPop3Account_newPassword_sealedAndNeverLogged() throws Exception {
        try (TestServer server = new TestServer(); LogCapture config = new LogCapture(LogKind.CONFIG)) {
            FetchService fetch = Fetches.service(server, new AtomicReference<>(FetchSettings.DEFAULTS));
            Pop3Account spec = new Pop3Account("isp", true, "pop.isp.test", 0, null, true, "drop", null, null, false, 0, 0);
            fetch.putPop3Account(Actor.SERVER, spec, "first-Secret-1");
            fetch.putPop3Account(Actor.SERVER, spec, "second-Secret-2");

            assertThat(fetch.pop3Accounts()).singleElement().satisfies(a -> {
                assertThat(a.sealedPassword()).isNull();
                assertThat(a.port()).isEqualTo(110);
                assertThat(a.tls()).isEqualTo(ClientTls.STARTTLS);
            });
            assertThat(config.has("POP3 download account isp", "sealedPassword changed")).isTrue();
            assertThat(String.join("\n", config.lines())).doesNotContain("Secret-1").doesNotContain("Secret-2");
            assertThat(server.store.list("fetch-pop3").getFirst().data()).doesNotContain("second-Secret-2");
        }
    }

    @Test
    void putScheduledAction_badTimeCondition_refusedWithReason() throws Exception {
        try (TestServer server = new TestServer()) {
            FetchService fetch = Fetches.service(server, new AtomicReference<>(FetchSettings.DEFAULTS));
            assertThatThrownBy(() -> fetch.putScheduledAction(Actor.SERVER, new ScheduledAction("both", true, 30, LocalTime.NOON, null,
                    Set.of(ScheduledAction.Action.SEND)))).hasMessageContaining("either everyMinutes or at");
            assertThatThrownBy(() -> fetch.putScheduledAction(Actor.SERVER, new ScheduledAction("range", true, 30, null, "Nights",
                    Set.of(ScheduledAction.Action.SEND)))).hasMessageContaining("no time range named Nights");
            assertThat(fetch.schedule()).isEmpty();
        }
    }
}
