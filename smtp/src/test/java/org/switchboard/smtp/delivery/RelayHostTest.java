package org.switchboard.smtp.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.core.directory.NewDomain;
import org.switchboard.core.directory.NewUser;
import org.switchboard.smtp.Await;
import org.switchboard.smtp.FakeMailStore;
import org.switchboard.smtp.RawSmtp;
import org.switchboard.smtp.SmtpSettings;
import org.switchboard.smtp.TestDns;
import org.switchboard.smtp.TestServer;
import org.switchboard.smtp.server.SmtpPort;

/** Server to server: opportunistic STARTTLS toward an MX, and a smarthost with STARTTLS and AUTH (a second Switchboard as the peer). */
class RelayHostTest {
    private TestServer sender;
    private TestServer receiver;
    private TestDns dns;

    @BeforeEach
    void start() throws Exception {
        sender = new TestServer();
        receiver = new TestServer();
        receiver.directory.addDomain(Actor.SERVER, NewDomain.named("remote.test"));
        receiver.directory.addUser(Actor.SERVER, NewUser.of("dave@remote.test", TestServer.PASSWORD, "Dave"));
        dns = new TestDns();
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
        sender.close();
        receiver.close();
    }

    private void submit(String to, String subject) throws Exception {
        try (RawSmtp c = new RawSmtp(sender.address(SmtpPort.MX), "127.0.0.1")) {
            c.reply();
            c.send("EHLO client.test");
            assertThat(c.mail("alice@example.test", to, "Subject: " + subject + "\n\nbody")).startsWith("250");
        }
    }

    @Test
    void mx_offersStartTls_messageTravelsEncrypted() throws Exception {
        dns.mx("remote.test", 10, "mx.remote.test").address("mx.remote.test", "127.0.0.1");
        sender.settings(s -> s.withDelivery(new SmtpSettings.Delivery(dns.server(), receiver.port(SmtpPort.MX), 5, 30, null)));
        submit("dave@remote.test", "over-tls");
        Await.until("arrived at the receiver", () -> !receiver.mail.in(receiver.userId("dave@remote.test")).isEmpty());
        FakeMailStore.Stored s = receiver.mail.in(receiver.userId("dave@remote.test")).getFirst();
        assertThat(s.text()).contains("by mx.example.test (Switchboard) with ESMTPS id").contains("Return-Path: <alice@example.test>")
                .contains("Subject: over-tls");
    }

    @Test
    void smarthost_startTlsAndAuth_relaysEverything() throws Exception {
        sender.settings(s -> s.withDelivery(new SmtpSettings.Delivery(dns.server(), 25, 5, 30,
                new SmtpSettings.Smarthost("127.0.0.1", receiver.port(SmtpPort.SUBMISSION), SmtpSettings.SmarthostTls.STARTTLS,
                        "dave@remote.test", sender.secrets.sealSetting(TestServer.PASSWORD), false))));
        submit("dave@remote.test", "via-smarthost");
        Await.until("arrived through the smarthost", () -> !receiver.mail.in(receiver.userId("dave@remote.test")).isEmpty());
        assertThat(receiver.mail.in(receiver.userId("dave@remote.test")).getFirst().text()).contains("with ESMTPSA id");
    }

    @Test
    void smarthost_wrongPassword_deferred() throws Exception {
        sender.settings(s -> s.withDelivery(new SmtpSettings.Delivery(dns.server(), 25, 5, 30,
                new SmtpSettings.Smarthost("127.0.0.1", receiver.port(SmtpPort.SUBMISSION), SmtpSettings.SmarthostTls.STARTTLS,
                        "dave@remote.test", "wrong", false))));
        submit("dave@remote.test", "refused-login");
        Await.until("attempt", () -> sender.service.queue().attemptsFinished() >= 1);
        var entry = sender.service.queue().list().getFirst().envelope().recipients().getFirst();
        assertThat(entry.lastReply()).contains("refused our login").contains("535");
    }

    /** By default the relay's certificate is checked: the receiver's self-signed one is refused before our login is sent. */
    @Test
    void smarthost_untrustedCertificate_deferredWithoutLoggingIn() throws Exception {
        sender.settings(s -> s.withDelivery(new SmtpSettings.Delivery(dns.server(), 25, 5, 30,
                new SmtpSettings.Smarthost("127.0.0.1", receiver.port(SmtpPort.SUBMISSION), SmtpSettings.SmarthostTls.STARTTLS,
                        "dave@remote.test", sender.secrets.sealSetting(TestServer.PASSWORD)))));
        submit("dave@remote.test", "untrusted-relay");
        Await.until("attempt", () -> sender.service.queue().attemptsFinished() >= 1);
        var entry = sender.service.queue().list().getFirst().envelope().recipients().getFirst();
        assertThat(entry.lastReply()).startsWith("451 4.7.0 TLS handshake").containsIgnoringCase("certif");
        assertThat(receiver.mail.in(receiver.userId("dave@remote.test"))).isEmpty();
    }

    @Test
    void smarthost_loginWithoutTls_refusedAsSetting() {
        SmtpSettings.Smarthost clear = new SmtpSettings.Smarthost("127.0.0.1", 25, SmtpSettings.SmarthostTls.NONE, "dave@remote.test", "pw");
        SmtpSettings s = SmtpSettings.DEFAULTS.withDelivery(new SmtpSettings.Delivery(null, 25, 5, 30, clear));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SmtpSettings.SECTION.validator().accept(s))
                .hasMessageContaining("STARTTLS or IMPLICIT");
    }
}
