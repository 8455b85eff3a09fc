package org.switchboard.smtp.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.Await;
import org.switchboard.smtp.FakeMailStore;
import org.switchboard.smtp.LogCapture;
import org.switchboard.smtp.RawSmtp;
import org.switchboard.smtp.SmtpSettings;
import org.switchboard.smtp.SmtpSink;
import org.switchboard.smtp.TestDns;
import org.switchboard.smtp.TestServer;
import org.switchboard.smtp.server.SmtpPort;

class DeliveryTest {
    private TestServer server;
    private TestDns dns;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        dns = new TestDns();
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
        server.close();
    }

    private void remotePort(int port) {
        server.settings(s -> s.withDelivery(new SmtpSettings.Delivery(dns.server(), port, 5, 30, null)));
    }

    private String send(String from, String to, String message) throws Exception {
        try (RawSmtp c = new RawSmtp(server.address(SmtpPort.MX), "127.0.0.1")) {
            c.reply();
            c.send("EHLO client.test");
            String r = c.mail(from, to, message);
            c.send("QUIT");
            return r;
        }
    }

    private List<FakeMailStore.Stored> inbox(String address) {
        return server.mail.in(server.userId(address));
    }

    @Test
    void localUser_messageInInboxWithReturnPathAndReceived() throws Exception {
        assertThat(send("sender@outside.test", "alice@example.test", "Subject: hi\n\nHello")).startsWith("250 2.0.0");
        Await.until("delivery to alice", () -> inbox("alice@example.test").size() == 1);
        String text = inbox("alice@example.test").getFirst().text();
        assertThat(text).startsWith("Return-Path: <sender@outside.test>\r\nDelivered-To: alice@example.test\r\nReceived: from client.test ([127.0.0.1])");
        assertThat(text).contains("by mx.example.test (Switchboard) with ESMTP id ").endsWith("Subject: hi\r\n\r\nHello\r\n");
        Await.until("queue empty", () -> server.service.queue().size() == 0);
    }

    @Test
    void groupAliasCatchAllAndPublicFolder_expandedThroughDirectory() throws Exception {
        send("s@outside.test", "team@example.test", "Subject: team\n\nx");
        send("s@outside.test", "info@example.test", "Subject: info\n\nx");
        send("s@outside.test", "whoever@catchall.test", "Subject: catchall\n\nx");
        send("s@outside.test", "pub@example.test", "Subject: public\n\nx");
        Await.until("all deliveries", () -> server.mail.stored().size() == 5);
        assertThat(inbox("alice@example.test")).extracting(FakeMailStore.Stored::text)
                .anyMatch(t -> t.contains("Subject: team")).anyMatch(t -> t.contains("Subject: info"));
        assertThat(inbox("bob@example.test")).extracting(FakeMailStore.Stored::text).anyMatch(t -> t.contains("Subject: team"));
        assertThat(inbox("carol@catchall.test")).extracting(FakeMailStore.Stored::text).anyMatch(t -> t.contains("Subject: catchall"));
        assertThat(server.mail.in(Router.PUBLIC_FOLDERS)).singleElement().satisfies(s -> {
            assertThat(s.mailbox()).isEqualTo("Info");
            assertThat(s.text()).contains("Subject: public");
        });
    }

    @Test
    void localDeliveryInterface_queuesAndDelivers() throws Exception {
        var outcome = server.service.localDelivery().deliver("bob@example.test", "",
                new ByteArrayInputStream("Subject: voicemail\r\n\r\nbeep\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(outcome.detail()).startsWith("queued as ");
        Await.until("voicemail delivered", () -> inbox("bob@example.test").size() == 1);
        assertThat(inbox("bob@example.test").getFirst().text()).startsWith("Return-Path: <>\r\n");
    }

    @Test
    void overQuota_deferredThenDeliveredWhenSpaceFrees() throws Exception {
        server.mail.quotaFull = server.userId("bob@example.test");
        try (LogCapture mail = new LogCapture(LogKind.MAIL)) {
            send("s@outside.test", "bob@example.test", "Subject: big\n\nx");
            Await.until("deferred attempt logged", () -> mail.has("to <bob@example.test>", "deferred", "452 4.2.2"));
        }
        server.mail.quotaFull = null;
        server.service.queue().retryAll();
        Await.until("delivered after retry", () -> inbox("bob@example.test").size() == 1);
    }

    @Test
    void quotaWarningPercentReached_userWarnedOncePerDay() throws Exception {
        server.directory.updateUser(org.switchboard.core.Actor.SERVER, "bob@example.test", new org.switchboard.core.directory.UserChange(
                null, null, null, null, null, null, new org.switchboard.core.directory.Quota(0, 3, 60), null));
        send("s@outside.test", "bob@example.test", "Subject: one\n\nx");
        Await.until("first", () -> inbox("bob@example.test").size() == 1);
        send("s@outside.test", "bob@example.test", "Subject: two\n\nx");
        Await.until("warning after the second message (2 of 3 = 66%)", () -> inbox("bob@example.test").stream()
                .anyMatch(s -> s.text().contains("Subject: Your mailbox is almost full")));
        send("s@outside.test", "bob@example.test", "Subject: three\n\nx");
        Await.until("third", () -> inbox("bob@example.test").stream().anyMatch(s -> s.text().contains("Subject: three")));
        Await.until("queue empty", () -> server.service.queue().size() == 0);
        assertThat(inbox("bob@example.test")).filteredOn(s -> s.text().contains("almost full")).hasSize(1);
    }

    @Test
    void remoteRecipient_deliveredToMxHostWithDsnParameters() throws Exception {
        try (SmtpSink sink = new SmtpSink("127.0.0.2")) {
            dns.mx("remote.test", 10, "mx.remote.test").address("mx.remote.test", "127.0.0.2");
            remotePort(sink.port());
            try (LogCapture mail = new LogCapture(LogKind.MAIL)) {
                assertThat(send("alice@example.test", "friend@remote.test", "Subject: out\nMessage-ID: <out-1@example.test>\n\nbody"))
                        .startsWith("250");
                Await.until("sink received", () -> sink.messages().stream().anyMatch(m -> m.contains("Subject: out")));
                Await.until("attempt logged", () -> mail.has("from <alice@example.test> to <friend@remote.test>", "delivered", "mx.remote.test"));
            }
            String dump = sink.messages().getFirst();
            assertThat(dump).contains("Message-ID: <out-1@example.test>").contains("Received: from client.test");
        }
    }

    @Test
    void mxPreference_deadFirstHost_fallsBackToSecond() throws Exception {
        try (SmtpSink sink = new SmtpSink("127.0.0.2")) {
            // 127.0.0.3 has nothing listening on the sink's port: connection refused, try the next MX.
            dns.mx("remote.test", 5, "dead.remote.test").address("dead.remote.test", "127.0.0.3")
                    .mx("remote.test", 20, "mx2.remote.test").address("mx2.remote.test", "127.0.0.2");
            remotePort(sink.port());
            send("alice@example.test", "friend@remote.test", "Subject: fallback\n\nbody");
            Await.until("sink received via the second MX", () -> sink.messages().stream().anyMatch(m -> m.contains("Subject: fallback")));
        }
    }

    @Test
    void aliasToExternal_forwardedWithLoopHeader() throws Exception {
        try (SmtpSink sink = new SmtpSink("127.0.0.2")) {
            dns.mx("remote.test", 10, "mx.remote.test").address("mx.remote.test", "127.0.0.2");
            remotePort(sink.port());
            send("s@outside.test", "ext@example.test", "Subject: fwd\n\nbody");
            Await.until("forward arrives", () -> sink.messages().stream().anyMatch(m -> m.contains("Subject: fwd")));
            assertThat(sink.messages().getFirst()).contains("X-Switchboard-Loop: mx.example.test").contains("Subject: fwd");
        }
    }

    @Test
    void aliasToExternal_alreadyForwardedByUs_refusedAsLoop() throws Exception {
        try (LogCapture mail = new LogCapture(LogKind.MAIL)) {
            send("s@outside.test", "ext@example.test", "X-Switchboard-Loop: mx.example.test\nSubject: loop\n\nbody");
            Await.until("loop detected", () -> mail.has("Mail loop"));
            Await.until("recipient failed", () -> mail.has("to <ext@example.test>", "failed", "5.4.6"));
        }
    }

    @Test
    void nullMx_failsPermanentlyWithBounceToLocalSender() throws Exception {
        dns.mx("nomail.test", 0, ".");
        remotePort(2525);
        remotePort(2525);
        send("alice@example.test", "x@nomail.test", "Subject: to nullmx\n\nbody");
        Await.until("bounce in alice's inbox", () -> inbox("alice@example.test").stream()
                .anyMatch(s -> s.text().contains("Undelivered Mail Returned to Sender")));
        String bounce = inbox("alice@example.test").getFirst().text();
        assertThat(bounce).contains("Return-Path: <>").contains("multipart/report; report-type=delivery-status")
                .contains("Final-Recipient: rfc822; x@nomail.test").contains("Action: failed").contains("Status: 5.1.2")
                .contains("Content-Type: text/rfc822-headers").contains("Subject: to nullmx");
    }

    @Test
    void bounce_senderAcceptsGerman_noticeInGerman() throws Exception {
        dns.mx("nomail.test", 0, ".");
        remotePort(2525);
        send("alice@example.test", "x@nomail.test", "Accept-Language: fr;q=0.4, de-DE, en;q=0.8\nSubject: sprache\n\nbody");
        String bounce = awaitBounce();
        assertThat(bounce).contains("Content-Language: de").containsPattern("Subject: =\\?[A-Z0-9-]+\\?Q\\?Unzustellbare")
                .contains("Status: 5.1.2").contains("Subject: sprache");
        assertThat(humanPart(bounce)).contains("Ihre Nachricht konnte an einen oder mehrere Empfänger nicht zugestellt werden")
                .contains("<x@nomail.test>:");
    }

    @Test
    void bounce_noLanguageInMessage_queueDefaultLanguage() throws Exception {
        dns.mx("nomail.test", 0, ".");
        remotePort(2525);
        server.settings(s -> s.withQueue(new SmtpSettings.Queue(8, 5, 240, 4, 5, "fr")));
        send("alice@example.test", "x@nomail.test", "Subject: langue\n\nbody");
        String bounce = awaitBounce();
        assertThat(bounce).contains("Content-Language: fr");
        assertThat(humanPart(bounce)).contains("Votre message n'a pas pu être remis");
    }

    @Test
    void bounce_adminTemplateForAnotherLanguage_usedWhenAsked_incompleteOneIgnored() throws Exception {
        dns.mx("nomail.test", 0, ".");
        remotePort(2525);
        java.nio.file.Path reports = java.nio.file.Files.createDirectories(server.dir.resolve("reports"));
        java.nio.file.Files.writeString(reports.resolve("dsn_pl.properties"), """
                subject.failed=Wiadomość niedostarczona
                subject.delayed=Wiadomość opóźniona
                subject.delivered=Wiadomość dostarczona
                intro=System pocztowy {host}.
                failed=Nie udało się dostarczyć wiadomości.
                delayed=Próbujemy do {until}.
                delivered=Dostarczono.
                """, StandardCharsets.UTF_8);
        java.nio.file.Files.writeString(reports.resolve("dsn_it.properties"), "subject.failed=Non consegnato\n", StandardCharsets.UTF_8);
        send("alice@example.test", "x@nomail.test", "Accept-Language: it, pl\nSubject: jezyk\n\nbody");
        String bounce = awaitBounce();
        assertThat(bounce).contains("Content-Language: pl");
        assertThat(humanPart(bounce)).contains("Nie udało się dostarczyć wiadomości").contains("System pocztowy mx.example.test.");
    }

    private String awaitBounce() {
        Await.until("bounce in alice's inbox", () -> inbox("alice@example.test").stream().anyMatch(s -> s.text().contains("report-type=delivery-status")));
        return inbox("alice@example.test").getFirst().text();
    }

    /** The decoded text/plain part of a DSN (base64 when it holds more than ASCII). */
    private static String humanPart(String dsn) {
        int start = dsn.indexOf("Content-Type: text/plain");
        int body = dsn.indexOf("\r\n\r\n", start) + 4;
        int end = dsn.indexOf("\r\n--", body);
        String part = dsn.substring(body, end);
        if (!dsn.substring(start, body).contains("base64")) return part;
        return new String(java.util.Base64.getMimeDecoder().decode(part), StandardCharsets.UTF_8);
    }

    @Test
    void deadRemote_retriesThenDelayWarningThenBounce() throws Exception {
        dns.mx("dead.test", 10, "mx.dead.test").address("mx.dead.test", "127.0.0.3");
        remotePort(1);
        server.settings(s -> s.withQueue(new SmtpSettings.Queue(4, 1, 60, 2, 1, "en")));
        try (LogCapture mail = new LogCapture(LogKind.MAIL)) {
            send("alice@example.test", "x@dead.test", "Subject: doomed\n\nbody");
            Await.until("first attempt deferred", () -> mail.has("Delivery attempt 1 ", "to <x@dead.test>", "deferred"));
            Await.until("first attempt recorded", () -> server.service.queue().attemptsFinished() >= 1);
            var entry = server.service.queue().list().getFirst();
            assertThat(entry.envelope().attempts()).isEqualTo(1);
            assertThat(entry.envelope().nextAttempt()).isAfter(server.clock.instant());

            server.clock.advance(Duration.ofHours(3));
            server.service.queue().wake();
            Await.until("delay notice", () -> inbox("alice@example.test").stream().anyMatch(s -> s.text().contains("Delayed Mail")));
            String delay = inbox("alice@example.test").getFirst().text();
            assertThat(delay).contains("Action: delayed").contains("Will-Retry-Until:");

            server.clock.advance(Duration.ofDays(1));
            server.service.queue().wake();
            Await.until("bounce", () -> inbox("alice@example.test").stream().anyMatch(s -> s.text().contains("Undelivered Mail")));
            Await.until("queue empty", () -> server.service.queue().list().stream().noneMatch(e -> e.envelope().recipients().stream()
                    .anyMatch(r -> r.address().equals("x@dead.test"))));
            String bounce = inbox("alice@example.test").stream().filter(s -> s.text().contains("Undelivered")).findFirst().orElseThrow().text();
            assertThat(bounce).contains("Status: 4.4.7").contains("Action: failed");
            // The bounce itself is delivered once and never answered by another notice.
            assertThat(inbox("alice@example.test")).hasSize(2);
        }
    }

    @Test
    void adminOperations_listInspectRetryDelete() throws Exception {
        dns.mx("dead.test", 10, "mx.dead.test").address("mx.dead.test", "127.0.0.3");
        remotePort(1);
        send("alice@example.test", "x@dead.test", "Subject: stuck\n\nbody");
        var queue = server.service.queue();
        Await.until("one attempt", () -> queue.attemptsFinished() >= 1);
        var entry = queue.list().getFirst();
        String id = entry.envelope().id();
        assertThat(queue.inspect(id)).isPresent();
        assertThat(queue.headers(id, 4096)).hasValueSatisfying(h -> assertThat(h).contains("Subject: stuck"));
        long before = queue.attemptsFinished();
        assertThat(queue.retryNow(id)).isTrue();
        Await.until("retried", () -> queue.attemptsFinished() > before);
        Await.until("not in flight", () -> !queue.inspect(id).orElseThrow().inFlight());
        assertThat(queue.delete(id)).isTrue();
        assertThat(queue.list()).isEmpty();
        assertThat(server.dir.resolve("queue").resolve(id + ".eml")).doesNotExist();
        assertThat(queue.retryNow("nope")).isFalse();
    }
}
