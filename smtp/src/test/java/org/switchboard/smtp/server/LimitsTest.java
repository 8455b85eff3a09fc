package org.switchboard.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.core.definitions.IpGroup;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.LogCapture;
import org.switchboard.smtp.RawSmtp;
import org.switchboard.smtp.SmtpSettings;
import org.switchboard.smtp.TestServer;

/** The guide's per-IP limits (part 1 §26.2): each one hit, answered per RFC and logged; the trusted group is exempt. */
class LimitsTest {
    private static TestServer server;
    private static int nextIp = 40;
    private String ip;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        server.ipGroups.put(Actor.SERVER, new IpGroup("trusted", null, List.of("127.0.0.99")));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void fresh() {
        // Each test uses its own source address, so per-address counters never leak between tests.
        ip = "127.0.0." + nextIp++;
        server.smtp.set(TestServer.DEFAULTS);
    }

    private static void limits(UnaryOperator<SmtpSettings> change) { server.settings(change); }

    private static SmtpSettings with(SmtpSettings s, int perHour, int conns, int unknown, int rcpts, int failed, String trusted) {
        return new SmtpSettings(s.relayIpGroup(), s.relayForAuthenticated(), s.relayForPopBeforeSmtp(), s.popBeforeSmtpMinutes(),
                s.requireAuthForLocalSenders(), perHour, conns, unknown, rcpts, failed, s.maxMessageBytes(), s.requireSenderDomainDns(),
                trusted, s.overQuotaPermanent(), s.queue(), s.delivery(), s.outgoingSizeLimits());
    }

    private RawSmtp connect(String from) throws Exception {
        RawSmtp c = new RawSmtp(server.address(SmtpPort.MX), from);
        c.reply();
        c.send("EHLO client.test");
        return c;
    }

    @Test
    void recipientsPerMessage_overLimit_452AndLogged() throws Exception {
        limits(s -> with(s, 0, 0, 0, 2, 0, null));
        try (LogCapture security = new LogCapture(LogKind.SECURITY); RawSmtp c = connect(ip)) {
            c.send("MAIL FROM:<a@outside.test>");
            assertThat(c.send("RCPT TO:<alice@example.test>")).startsWith("250");
            assertThat(c.send("RCPT TO:<bob@example.test>")).startsWith("250");
            assertThat(c.send("RCPT TO:<team@example.test>")).startsWith("452 4.5.3");
            assertThat(security.has(ip, "more than 2 recipients")).isTrue();
        }
    }

    @Test
    void failedCommands_overLimit_421AndClosed() throws Exception {
        limits(s -> with(s, 0, 0, 0, 0, 3, null));
        try (LogCapture security = new LogCapture(LogKind.SECURITY); RawSmtp c = connect(ip)) {
            assertThat(c.send("BOGUS")).startsWith("500");
            assertThat(c.send("BOGUS")).startsWith("500");
            c.send("BOGUS");
            assertThat(c.reply()).startsWith("421 4.7.0 Too many errors");
            assertThat(c.reply()).isNull();
            assertThat(security.has(ip, "3 failed commands")).isTrue();
        }
    }

    @Test
    void concurrentConnections_overLimit_421AndLogged() throws Exception {
        limits(s -> with(s, 0, 2, 0, 0, 0, null));
        try (LogCapture security = new LogCapture(LogKind.SECURITY); RawSmtp a = connect(ip); RawSmtp b = connect(ip);
             RawSmtp third = new RawSmtp(server.address(SmtpPort.MX), ip)) {
            assertThat(third.reply()).startsWith("421 4.7.0");
            assertThat(security.has(ip, "more than 2 concurrent connections")).isTrue();
            assertThat(a.send("NOOP")).startsWith("250");
        }
        // The server releases a slot when its session ends, a moment after the client closed.
        org.switchboard.smtp.Await.until("slots released when connections close", () -> {
            try (RawSmtp again = new RawSmtp(server.address(SmtpPort.MX), ip)) {
                return again.reply().startsWith("220");
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void unknownRecipients_overLimit_421AndLogged() throws Exception {
        limits(s -> with(s, 0, 0, 2, 0, 0, null));
        try (LogCapture security = new LogCapture(LogKind.SECURITY); RawSmtp c = connect(ip)) {
            c.send("MAIL FROM:<a@outside.test>");
            assertThat(c.send("RCPT TO:<x1@example.test>")).startsWith("550 5.1.1");
            assertThat(c.send("RCPT TO:<x2@example.test>")).startsWith("550 5.1.1");
            assertThat(c.send("RCPT TO:<x3@example.test>")).startsWith("421 4.7.1");
            assertThat(security.has(ip, "unknown recipients per hour")).isTrue();
        }
    }

    @Test
    void messagesPerHour_overLimit_450AndLogged() throws Exception {
        limits(s -> with(s, 2, 0, 0, 0, 0, null));
        try (LogCapture security = new LogCapture(LogKind.SECURITY); RawSmtp c = connect(ip)) {
            assertThat(c.mail("a@outside.test", "bob@example.test", "Subject: 1\n\nx")).startsWith("250");
            assertThat(c.mail("a@outside.test", "bob@example.test", "Subject: 2\n\nx")).startsWith("250");
            assertThat(c.send("MAIL FROM:<a@outside.test>")).startsWith("450 4.7.1");
            assertThat(security.has(ip, "2 messages per hour")).isTrue();
        }
    }

    @Test
    void trustedGroup_exemptFromLimits() throws Exception {
        limits(s -> with(s, 0, 0, 0, 1, 0, "trusted"));
        try (RawSmtp c = connect("127.0.0.99")) {
            c.send("MAIL FROM:<a@outside.test>");
            assertThat(c.send("RCPT TO:<alice@example.test>")).startsWith("250");
            assertThat(c.send("RCPT TO:<bob@example.test>")).startsWith("250");
        }
    }

    @Test
    void declaredSize_overLimit_552AtMail() throws Exception {
        try (RawSmtp c = connect(ip)) {
            assertThat(c.send("MAIL FROM:<a@outside.test> SIZE=" + (SmtpSettings.DEFAULTS.maxMessageBytes() + 1))).startsWith("552 5.3.4");
        }
    }

    @Test
    void requireAuthForLocalSenders_unauthenticatedLocalSender_530() throws Exception {
        limits(s -> new SmtpSettings(s.relayIpGroup(), s.relayForAuthenticated(), s.relayForPopBeforeSmtp(), s.popBeforeSmtpMinutes(),
                true, s.maxMessagesPerHourPerIp(), s.maxConnectionsPerIp(), s.maxUnknownRecipientsPerIp(), s.maxRecipientsPerMessage(),
                s.maxFailedCommands(), s.maxMessageBytes(), s.requireSenderDomainDns(), s.trustedIpGroup(), s.overQuotaPermanent(),
                s.queue(), s.delivery(), s.outgoingSizeLimits()));
        try (LogCapture security = new LogCapture(LogKind.SECURITY); RawSmtp c = connect(ip)) {
            assertThat(c.send("MAIL FROM:<alice@example.test>")).startsWith("530 5.7.0");
            assertThat(c.send("MAIL FROM:<someone@outside.test>")).startsWith("250");
            assertThat(security.has(ip, "unauthenticated sender <alice@example.test>")).isTrue();
        }
    }

    @Test
    void senderDomainDnsCheck_unknownDomainRefused_knownAccepted() throws Exception {
        try (org.switchboard.smtp.TestDns dns = new org.switchboard.smtp.TestDns()) {
            dns.mx("known.test", 10, "mx.known.test").address("mx.known.test", "127.0.0.5");
            limits(s -> new SmtpSettings(s.relayIpGroup(), s.relayForAuthenticated(), s.relayForPopBeforeSmtp(), s.popBeforeSmtpMinutes(),
                    s.requireAuthForLocalSenders(), s.maxMessagesPerHourPerIp(), s.maxConnectionsPerIp(), s.maxUnknownRecipientsPerIp(),
                    s.maxRecipientsPerMessage(), s.maxFailedCommands(), s.maxMessageBytes(), true, s.trustedIpGroup(), s.overQuotaPermanent(),
                    s.queue(), new SmtpSettings.Delivery(dns.server(), 25, 5, 30, null), s.outgoingSizeLimits()));
            try (LogCapture security = new LogCapture(LogKind.SECURITY); RawSmtp c = connect(ip)) {
                assertThat(c.send("MAIL FROM:<x@nowhere.test>")).startsWith("550 5.1.8");
                assertThat(c.send("MAIL FROM:<x@known.test>")).startsWith("250");
                assertThat(security.has(ip, "domain nowhere.test does not exist")).isTrue();
            }
        }
    }

    @Test
    void popBeforeSmtp_recentPop3Login_allowsRelay() throws Exception {
        limits(s -> new SmtpSettings(s.relayIpGroup(), s.relayForAuthenticated(), true, 10, s.requireAuthForLocalSenders(),
                s.maxMessagesPerHourPerIp(), s.maxConnectionsPerIp(), s.maxUnknownRecipientsPerIp(), s.maxRecipientsPerMessage(),
                s.maxFailedCommands(), s.maxMessageBytes(), s.requireSenderDomainDns(), s.trustedIpGroup(), s.overQuotaPermanent(),
                s.queue(), s.delivery(), s.outgoingSizeLimits()));
        try (RawSmtp c = connect(ip)) {
            c.send("MAIL FROM:<a@outside.test>");
            assertThat(c.send("RCPT TO:<x@elsewhere.test>")).startsWith("554 5.7.1");
            server.service.popBeforeSmtp().loggedIn(java.net.InetAddress.getByName(ip));
            assertThat(c.send("RCPT TO:<x@elsewhere.test>")).startsWith("250");
            server.clock.advance(java.time.Duration.ofMinutes(11));
            assertThat(c.send("RCPT TO:<y@elsewhere.test>")).as("window over").startsWith("554 5.7.1");
        }
    }
}
