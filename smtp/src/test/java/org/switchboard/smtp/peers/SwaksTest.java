package org.switchboard.smtp.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.Await;
import org.switchboard.smtp.FakeMailStore;
import org.switchboard.smtp.LogCapture;
import org.switchboard.smtp.SmtpSettings;
import org.switchboard.smtp.TestServer;
import org.switchboard.smtp.server.SmtpPort;

/** swaks (and python3's smtplib where swaks lacks the extension) against each port: the issue 4 acceptance list. */
class SwaksTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void resetSettings() {
        server.smtp.set(TestServer.DEFAULTS);
    }

    private static Tool swaks(SmtpPort port, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/swaks", "--server", "127.0.0.1:" + server.port(port), "--helo", "client.test",
                "--timeout", "20"));
        cmd.addAll(List.of(args));
        return Tool.run(cmd.toArray(String[]::new));
    }

    private static List<String> inbox(String address) {
        return server.mail.in(server.userId(address)).stream().map(FakeMailStore.Stored::text).toList();
    }

    private static void awaitMessage(String address, String marker) {
        Await.until(marker + " in " + address, () -> inbox(address).stream().anyMatch(t -> t.contains(marker)));
    }

    private static String message(String address, String marker) {
        return inbox(address).stream().filter(t -> t.contains(marker)).findFirst().orElseThrow();
    }

    @Test
    void mxPort_plain_delivered() throws Exception {
        Tool t = swaks(SmtpPort.MX, "--from", "a@outside.test", "--to", "bob@example.test", "--header", "Subject: swaks-plain");
        assertThat(t.exit()).as(t.output()).isZero();
        awaitMessage("bob@example.test", "swaks-plain");
        assertThat(message("bob@example.test", "swaks-plain")).contains("with ESMTP id");
    }

    @Test
    void mxPort_startTls_deliveredOverTls() throws Exception {
        Tool t = swaks(SmtpPort.MX, "--tls", "--from", "a@outside.test", "--to", "bob@example.test", "--header", "Subject: swaks-starttls");
        assertThat(t.exit()).as(t.output()).isZero();
        assertThat(t.output()).contains("220 2.0.0 Ready to start TLS");
        awaitMessage("bob@example.test", "swaks-starttls");
        assertThat(message("bob@example.test", "swaks-starttls")).contains("with ESMTPS id").contains("(using TLSv1.");
    }

    @Test
    void smtpsPort_implicitTlsAuthPlain_delivered() throws Exception {
        Tool t = swaks(SmtpPort.SMTPS, "--tls-on-connect", "--auth", "PLAIN", "--auth-user", "alice@example.test",
                "--auth-password", TestServer.PASSWORD, "--from", "alice@example.test", "--to", "bob@example.test",
                "--header", "Subject: swaks-465");
        assertThat(t.exit()).as(t.output()).isZero();
        assertThat(t.output()).contains("235 2.7.0 Authentication successful");
        awaitMessage("bob@example.test", "swaks-465");
        assertThat(message("bob@example.test", "swaks-465")).contains("with ESMTPSA id");
    }

    @Test
    void submissionPort_startTlsAuthLogin_delivered() throws Exception {
        Tool t = swaks(SmtpPort.SUBMISSION, "--tls", "--auth", "LOGIN", "--auth-user", "alice@example.test",
                "--auth-password", TestServer.PASSWORD, "--from", "alice@example.test", "--to", "bob@example.test",
                "--header", "Subject: swaks-587");
        assertThat(t.exit()).as(t.output()).isZero();
        awaitMessage("bob@example.test", "swaks-587");
    }

    @Test
    void submissionPort_withoutAuth_refused() throws Exception {
        Tool t = swaks(SmtpPort.SUBMISSION, "--tls", "--from", "alice@example.test", "--to", "bob@example.test");
        assertThat(t.exit()).isNotZero();
        assertThat(t.output()).contains("530 5.7.0 Authentication required");
    }

    @Test
    void auth_wrongPassword_535() throws Exception {
        Tool t = swaks(SmtpPort.SUBMISSION, "--tls", "--auth", "PLAIN", "--auth-user", "alice@example.test",
                "--auth-password", "wrong", "--from", "alice@example.test", "--to", "bob@example.test");
        assertThat(t.exit()).isNotZero();
        assertThat(t.output()).contains("535 5.7.8");
    }

    @Test
    void pipelining_wholeTransactionAtOnce_delivered() throws Exception {
        Tool t = swaks(SmtpPort.MX, "--pipeline", "--from", "a@outside.test", "--to", "alice@example.test,bob@example.test",
                "--header", "Subject: swaks-pipelined");
        assertThat(t.exit()).as(t.output()).isZero();
        awaitMessage("alice@example.test", "swaks-pipelined");
        awaitMessage("bob@example.test", "swaks-pipelined");
    }

    @Test
    void unknownRecipient_550() throws Exception {
        Tool t = swaks(SmtpPort.MX, "--from", "a@outside.test", "--to", "nobody@example.test");
        assertThat(t.exit()).isNotZero();
        assertThat(t.output()).contains("550 5.1.1 <nobody@example.test>");
    }

    @Test
    void size_overLimit_refusedWith552() throws Exception {
        server.settings(s -> new SmtpSettings(s.relayIpGroup(), s.relayForAuthenticated(), s.relayForPopBeforeSmtp(),
                s.popBeforeSmtpMinutes(), s.requireAuthForLocalSenders(), s.maxMessagesPerHourPerIp(), s.maxConnectionsPerIp(),
                s.maxUnknownRecipientsPerIp(), s.maxRecipientsPerMessage(), s.maxFailedCommands(), 4096, s.requireSenderDomainDns(),
                s.trustedIpGroup(), s.overQuotaPermanent(), s.queue(), s.delivery(), s.outgoingSizeLimits()));
        Tool t = swaks(SmtpPort.MX, "--from", "a@outside.test", "--to", "bob@example.test", "--body", ("x".repeat(70) + "\n").repeat(100));
        assertThat(t.exit()).isNotZero();
        assertThat(t.output()).contains("250-SIZE 4096").contains("552 5.3.4");
    }

    @Test
    void outgoingSizeLimit_limitedUserRefused_unlimitedUserAccepted() throws Exception {
        server.settings(s -> new SmtpSettings(s.relayIpGroup(), s.relayForAuthenticated(), s.relayForPopBeforeSmtp(),
                s.popBeforeSmtpMinutes(), s.requireAuthForLocalSenders(), s.maxMessagesPerHourPerIp(), s.maxConnectionsPerIp(),
                s.maxUnknownRecipientsPerIp(), s.maxRecipientsPerMessage(), s.maxFailedCommands(), s.maxMessageBytes(), s.requireSenderDomainDns(),
                s.trustedIpGroup(), s.overQuotaPermanent(), s.queue(), s.delivery(),
                List.of(new SmtpSettings.SizeLimit("example.test", 2048), new SmtpSettings.SizeLimit("bob@example.test", 0))));
        String body = ("y".repeat(70) + "\n").repeat(60);
        Tool limited = swaks(SmtpPort.SUBMISSION, "--tls", "--auth", "PLAIN", "--auth-user", "alice@example.test", "--auth-password",
                TestServer.PASSWORD, "--from", "alice@example.test", "--to", "bob@example.test", "--body", body);
        assertThat(limited.exit()).isNotZero();
        assertThat(limited.output()).contains("552 5.3.4 Message size exceeds your outgoing limit of 2048");
        Tool unlimited = swaks(SmtpPort.SUBMISSION, "--tls", "--auth", "PLAIN", "--auth-user", "bob@example.test", "--auth-password",
                TestServer.PASSWORD, "--from", "bob@example.test", "--to", "alice@example.test", "--body", body,
                "--header", "Subject: big-from-bob");
        assertThat(unlimited.exit()).as(unlimited.output()).isZero();
        awaitMessage("alice@example.test", "big-from-bob");
    }

    @Test
    void relay_fromOutsideAddress_refusedAndLogged() throws Exception {
        try (LogCapture security = new LogCapture(LogKind.SECURITY)) {
            Tool t = swaks(SmtpPort.MX, "--local-interface", "127.0.0.30", "--from", "a@outside.test", "--to", "victim@elsewhere.test");
            assertThat(t.exit()).isNotZero();
            assertThat(t.output()).contains("554 5.7.1 <victim@elsewhere.test>: Relay access denied");
            assertThat(security.has("127.0.0.30", "relay to <victim@elsewhere.test> refused", "not in the relay IP group")).isTrue();
        }
    }

    @Test
    void relay_fromOutsideAddressAfterAuth_accepted() throws Exception {
        Tool t = swaks(SmtpPort.MX, "--local-interface", "127.0.0.30", "--tls", "--auth", "PLAIN", "--auth-user", "alice@example.test",
                "--auth-password", TestServer.PASSWORD, "--from", "alice@example.test", "--to", "friend@elsewhere.test",
                "--quit-after", "RCPT");
        assertThat(t.exit()).as(t.output()).isZero();
        assertThat(t.output()).contains("250 2.1.5 Recipient <friend@elsewhere.test> OK");
    }

    @Test
    void relay_failedAuthFromTrustedAddress_noFallbackToIpGroup() throws Exception {
        Tool t = swaks(SmtpPort.MX, "--tls", "--auth", "PLAIN", "--auth-user", "alice@example.test", "--auth-password", "wrong",
                "--auth-optional", "--from", "alice@example.test", "--to", "friend@elsewhere.test", "--quit-after", "RCPT");
        assertThat(t.output()).contains("535 5.7.8").contains("554 5.7.1 <friend@elsewhere.test>: Relay access denied");
    }

    @Test
    void eightBitMime_python_delivered() throws Exception {
        Tool t = Tool.run("/usr/bin/python3", "-c", """
                import smtplib, sys
                s = smtplib.SMTP('127.0.0.1', %d)
                s.ehlo('client.test')
                assert s.has_extn('8bitmime'), 'no 8BITMIME'
                s.sendmail('a@outside.test', ['bob@example.test'], 'Subject: py-8bit\\r\\n\\r\\ndéjà vu\\r\\n'.encode('utf-8'), mail_options=['BODY=8BITMIME'])
                s.quit()
                """.formatted(server.port(SmtpPort.MX)));
        assertThat(t.exit()).as(t.output()).isZero();
        awaitMessage("bob@example.test", "py-8bit");
        assertThat(message("bob@example.test", "py-8bit")).contains("déjà vu");
    }

    @Test
    void smtpUtf8_python_delivered() throws Exception {
        Tool t = Tool.run("/usr/bin/python3", "-c", """
                import smtplib
                s = smtplib.SMTP('127.0.0.1', %d)
                s.ehlo('client.test')
                assert s.has_extn('smtputf8'), 'no SMTPUTF8'
                s.sendmail('jösé@outside.test', ['bob@example.test'], 'Subject: py-utf8\\r\\nFrom: jösé@outside.test\\r\\n\\r\\nhi\\r\\n'.encode('utf-8'), mail_options=['SMTPUTF8', 'BODY=8BITMIME'])
                s.quit()
                """.formatted(server.port(SmtpPort.MX)));
        assertThat(t.exit()).as(t.output()).isZero();
        awaitMessage("bob@example.test", "py-utf8");
        assertThat(message("bob@example.test", "py-utf8")).contains("with UTF8SMTP id");
    }
}
