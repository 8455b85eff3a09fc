package org.switchboard.smtp.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.switchboard.smtp.Await;
import org.switchboard.smtp.FakeMailStore;
import org.switchboard.smtp.PostfixPeer;
import org.switchboard.smtp.RawSmtp;
import org.switchboard.smtp.SmtpSettings;
import org.switchboard.smtp.SmtpSink;
import org.switchboard.smtp.TestDns;
import org.switchboard.smtp.TestServer;
import org.switchboard.smtp.server.SmtpPort;

/**
 * Issue 4 acceptance: Postfix from Debian as the remote MTA on 127.0.0.2. Switchboard delivers
 * to it through a test DNS answering MX queries (Postfix passes it on to smtp-sink), and Postfix
 * relays mail for example.test into Switchboard; headers cross intact both ways.
 */
class PostfixTest {
    @Test
    void mailCrossesBothWays_headersIntact() throws Exception {
        try (TestServer server = new TestServer(); SmtpSink sink = new SmtpSink("127.0.0.2"); TestDns dns = new TestDns();
             PostfixPeer postfix = new PostfixPeer(List.of(
                     "example.test=smtp:[127.0.0.1]:" + server.port(SmtpPort.MX),
                     "remote.test=smtp:[127.0.0.2]:" + sink.port()))) {
            dns.mx("remote.test", 10, "pf.remote.test").address("pf.remote.test", "127.0.0.2");
            server.settings(s -> s.withDelivery(new SmtpSettings.Delivery(dns.server(), postfix.port(), 5, 30, null)));

            // Switchboard -> Postfix (found by MX) -> smtp-sink
            try (RawSmtp c = new RawSmtp(server.address(SmtpPort.MX), "127.0.0.1")) {
                c.reply();
                c.send("EHLO client.test");
                assertThat(c.mail("alice@example.test", "friend@remote.test",
                        "From: Alice <alice@example.test>\nTo: friend@remote.test\nMessage-ID: <out@example.test>\nX-Custom: kept\nSubject: outbound\n\nhello")).startsWith("250");
            }
            Await.until("outbound message at the sink via Postfix", () -> sink.messages().stream().anyMatch(m -> m.contains("<out@example.test>")));
            String out = sink.messages().stream().filter(m -> m.contains("<out@example.test>")).findFirst().orElseThrow();
            assertThat(out).contains("X-Custom: kept").contains("Subject: outbound").contains("by mx.example.test (Switchboard)")
                    .contains("by pf.remote.test (Postfix)");

            // Postfix -> Switchboard
            Tool swaks = Tool.run("/usr/bin/swaks", "--server", "127.0.0.2:" + postfix.port(), "--from", "friend@remote.test",
                    "--to", "bob@example.test", "--header", "Subject: inbound", "--header", "Message-ID: <in@remote.test>",
                    "--header", "X-Custom: also kept");
            assertThat(swaks.exit()).as(swaks.output()).isZero();
            Await.until("inbound message in bob's mailbox", () -> server.mail.in(server.userId("bob@example.test")).stream()
                    .anyMatch(s -> s.text().contains("<in@remote.test>")));
            String in = server.mail.in(server.userId("bob@example.test")).stream().map(FakeMailStore.Stored::text)
                    .filter(t -> t.contains("<in@remote.test>")).findFirst().orElseThrow();
            assertThat(in).contains("X-Custom: also kept").contains("Subject: inbound").contains("Return-Path: <friend@remote.test>")
                    .contains("by pf.remote.test (Postfix)").contains("by mx.example.test (Switchboard) with ESMTP");
        }
    }
}
