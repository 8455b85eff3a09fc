package org.switchboard.smtp.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.switchboard.smtp.Await;
import org.switchboard.smtp.RawSmtp;
import org.switchboard.smtp.SmtpSettings;
import org.switchboard.smtp.SmtpSink;
import org.switchboard.smtp.TestServer;
import org.switchboard.smtp.queue.Envelope;
import org.switchboard.smtp.server.SmtpPort;

/**
 * Issue 4 item 8 acceptance (guide part 1 §29, dial-up): with "send only on schedule" on, mail
 * for another host waits in the queue while local mail is delivered at once; the send action
 * delivers it to smtp-sink, the relay host.
 */
class DialUpSendTest {
    @Test
    void sendOnlyOnSchedule_remoteHeldUntilSend_localAtOnce() throws Exception {
        try (TestServer server = new TestServer(); SmtpSink sink = new SmtpSink("127.0.0.2")) {
            server.settings(s -> s.withDelivery(new SmtpSettings.Delivery("127.0.0.1:1", 25, 5, 30,
                    new SmtpSettings.Smarthost("127.0.0.2", sink.port(), SmtpSettings.SmarthostTls.NONE, null, null))));
            server.sendOnlyOnSchedule.set(true);
            FetchService fetch = Fetches.service(server, new AtomicReference<>(FetchSettings.DEFAULTS));
            try (RawSmtp c = new RawSmtp(server.address(SmtpPort.MX), "127.0.0.1")) {
                c.reply();
                c.send("EHLO client.test");
                assertThat(c.mail("alice@example.test", "friend@remote.test",
                        "From: alice@example.test\nTo: friend@remote.test\nMessage-ID: <dialup@example.test>\nSubject: later\n\nhello")).startsWith("250");
                assertThat(c.mail("alice@example.test", "bob@example.test",
                        "From: alice@example.test\nTo: bob@example.test\nMessage-ID: <local@example.test>\nSubject: now\n\nhello")).startsWith("250");
            }
            Await.until("local mail delivered and remote mail held", () -> !server.mail.in(server.userId("bob@example.test")).isEmpty()
                    && server.service.queue().list().stream().flatMap(e -> e.envelope().recipients().stream())
                    .anyMatch(r -> r.lastReply() != null && r.lastReply().contains("scheduled")));
            assertThat(server.service.queue().list()).singleElement()
                    .satisfies(e -> assertThat(e.envelope().recipients()).extracting(Envelope.Recipient::address).containsExactly("friend@remote.test"));
            assertThat(sink.messages()).isEmpty();

            RunReport r = fetch.run(Set.of(ScheduledAction.Action.SEND));

            assertThat(r.sent()).isEqualTo(1);
            Await.until("the held message reached the relay", () -> sink.messages().stream().anyMatch(m -> m.contains("<dialup@example.test>")));
            Await.until("the queue is empty", () -> server.service.queue().size() == 0);
        }
    }
}
