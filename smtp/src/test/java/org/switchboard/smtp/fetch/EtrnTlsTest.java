package org.switchboard.smtp.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.smtp.TestServer;
import org.switchboard.smtp.server.SmtpPort;

/**
 * ETRN over STARTTLS to a server with a self-signed certificate (a second Switchboard): refused by default, since
 * the account's login would go to whoever answers, and sent when the admin turned the check off.
 */
class EtrnTlsTest {
    @Test
    void etrnOverStartTls_untrustedCertificate_refusedUnlessCheckIsOff() throws Exception {
        try (TestServer us = new TestServer(); TestServer backup = new TestServer()) {
            FetchService fetch = Fetches.service(us, new AtomicReference<>(FetchSettings.DEFAULTS));
            int port = backup.port(SmtpPort.MX);
            fetch.putEtrnAccount(Actor.SERVER, new EtrnAccount("checked", true, "127.0.0.1", port, ClientTls.STARTTLS, "example.test",
                    null, null), null);

            RunReport checked = fetch.run(Set.of(ScheduledAction.Action.ETRN));

            assertThat(checked.etrn()).singleElement().satisfies(e -> {
                assertThat(e.error()).containsIgnoringCase("certif");
                assertThat(e.replies()).isEmpty();
            });
            assertThat(fetch.etrnAccounts()).singleElement().satisfies(a -> assertThat(a.verifyCertificate()).isTrue());

            fetch.removeEtrnAccount(Actor.SERVER, "checked");
            fetch.putEtrnAccount(Actor.SERVER, new EtrnAccount("unchecked", true, "127.0.0.1", port, ClientTls.STARTTLS, "example.test",
                    null, null, false), null);

            RunReport unchecked = fetch.run(Set.of(ScheduledAction.Action.ETRN));

            assertThat(unchecked.etrn()).singleElement().satisfies(e -> {
                assertThat(e.error()).isNull();
                assertThat(e.replies()).singleElement().asString().startsWith("example.test: ");
            });
        }
    }
}
