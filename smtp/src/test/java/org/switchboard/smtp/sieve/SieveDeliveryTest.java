package org.switchboard.smtp.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.Await;
import org.switchboard.smtp.FakeMailStore;
import org.switchboard.smtp.LogCapture;
import org.switchboard.smtp.RawSmtp;
import org.switchboard.smtp.TestServer;
import org.switchboard.smtp.server.SmtpPort;

/** Users' Sieve rules at final delivery (RFC 5228) and vacation (RFC 5230, RFC 3834), through the running server. */
class SieveDeliveryTest {
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private void send(String from, String to, String message) throws Exception {
        try (RawSmtp c = new RawSmtp(server.address(SmtpPort.MX), "127.0.0.1")) {
            c.reply();
            c.send("EHLO client.test");
            assertThat(c.mail(from, to, message)).startsWith("250");
        }
    }

    private void rules(String user, String script) throws Exception {
        server.service.sieveScripts().put(server.userId(user), script);
    }

    private List<FakeMailStore.Stored> box(String user) {
        return server.mail.in(server.userId(user));
    }

    @Test
    void fileinto_headerTest_filedIntoFolderOthersKept() throws Exception {
        rules("bob@example.test", """
                require ["fileinto"];
                if header :contains "subject" "[news]" { fileinto "News"; stop; }
                if size :over 100K { discard; }
                """);
        send("a@outside.test", "bob@example.test", "Subject: [news] today\n\nx");
        send("a@outside.test", "bob@example.test", "Subject: personal\n\nx");
        Await.until("both delivered", () -> box("bob@example.test").size() == 2);
        assertThat(box("bob@example.test")).filteredOn(s -> s.text().contains("[news]")).singleElement()
                .extracting(FakeMailStore.Stored::mailbox).isEqualTo("News");
        assertThat(box("bob@example.test")).filteredOn(s -> s.text().contains("personal")).singleElement()
                .extracting(FakeMailStore.Stored::mailbox).isEqualTo("INBOX");
    }

    @Test
    void reject_senderGetsBounceWithReason() throws Exception {
        rules("bob@example.test", """
                require ["reject"];
                if address :is "from" "alice@example.test" { reject "I do not take mail from you"; }
                """);
        send("alice@example.test", "bob@example.test", "From: alice@example.test\nSubject: hello\n\nx");
        Await.until("bounce to alice", () -> box("alice@example.test").stream().anyMatch(s -> s.text().contains("I do not take mail from you")));
        assertThat(box("bob@example.test")).isEmpty();
    }

    @Test
    void redirectAndEnvelopeTest_copyForwarded() throws Exception {
        rules("bob@example.test", """
                require ["envelope"];
                if envelope :domain :is "from" "outside.test" { redirect "carol@catchall.test"; keep; }
                """);
        send("a@outside.test", "bob@example.test", "Subject: both\n\nx");
        Await.until("carol got the redirect", () -> !box("carol@catchall.test").isEmpty());
        Await.until("bob kept it", () -> !box("bob@example.test").isEmpty());
        assertThat(box("carol@catchall.test").getFirst().text()).contains("X-Switchboard-Loop: mx.example.test");
    }

    @Test
    void bodyTest_matchesText() throws Exception {
        rules("bob@example.test", """
                require ["body", "fileinto"];
                if body :text :contains "unsubscribe" { fileinto "Junk"; }
                """);
        send("a@outside.test", "bob@example.test", "Subject: promo\n\nClick to UNSUBSCRIBE now");
        Await.until("filed", () -> box("bob@example.test").stream().anyMatch(s -> s.mailbox().equals("Junk")));
    }

    @Test
    void fileintoSharedAndPublicFolders_needTheInsertRight_elseKeptInInbox() throws Exception {
        String alice = server.userId("alice@example.test");
        long projects = server.mail.create(alice, "Projects", null).id();
        server.mail.setAcl(projects, "group:" + server.directory.group("team@example.test").orElseThrow().id(), "lrswi");
        long diary = server.mail.create(alice, "Diary", null).id();
        server.mail.setAcl(diary, server.userId("bob@example.test"), "lr");
        long info = server.mail.create("#public", "Info", null).id();
        server.mail.setAcl(info, "anyone", "lrsi");
        rules("bob@example.test", """
                require ["fileinto", "imap4flags"];
                if header :contains "subject" "project" { fileinto :flags ["\\\\Seen", "urgent"] "~alice@example.test/Projects"; }
                if header :contains "subject" "diary" { fileinto "~alice@example.test/Diary"; }
                if header :contains "subject" "info" { fileinto :flags ["\\\\Seen", "urgent"] "#public/Info"; }
                if header :contains "subject" "ghost" { fileinto "~alice@example.test/Nothing"; }
                """);
        try (LogCapture mail = new LogCapture(LogKind.MAIL)) {
            for (String subject : List.of("project plan", "diary entry", "info sheet", "ghost folder")) {
                send("a@outside.test", "bob@example.test", "Subject: " + subject + "\n\nx");
            }
            Await.until("all four filed", () -> server.mail.stored().size() == 4);
            assertThat(box("alice@example.test")).singleElement().satisfies(s -> {
                assertThat(s.mailbox()).isEqualTo("Projects");
                assertThat(s.flags()).containsExactlyInAnyOrder("\\Seen", "urgent");
            });
            assertThat(server.mail.in("#public")).singleElement().satisfies(s -> {
                assertThat(s.mailbox()).isEqualTo("Info");
                assertThat(s.flags()).as("no 'w' right: only \\Seen survives").containsExactly("\\Seen");
            });
            assertThat(box("bob@example.test")).extracting(FakeMailStore.Stored::mailbox).containsExactly("INBOX", "INBOX");
            assertThat(box("bob@example.test")).extracting(s -> s.text().contains("diary entry") || s.text().contains("ghost folder"))
                    .containsOnly(true);
            assertThat(mail.has("fileinto \"~alice@example.test/Diary\" for bob@example.test", "kept in INBOX")).isTrue();
            assertThat(mail.has("fileinto \"~alice@example.test/Nothing\"", "kept in INBOX")).isTrue();
        }
    }

    @Test
    void vacation_oncePerSenderWithinDays_neverToListsOrAutomaticMail() throws Exception {
        rules("bob@example.test", SieveScripts.outOfOffice("Out of office", "Back on Monday.", 7));
        try (LogCapture mail = new LogCapture(LogKind.MAIL)) {
            send("alice@example.test", "bob@example.test", "From: alice@example.test\nTo: bob@example.test\nMessage-ID: <q1@example.test>\nSubject: question\n\n?");
            Await.until("vacation reply", () -> box("alice@example.test").stream().anyMatch(s -> s.text().contains("Back on Monday.")));
            String reply = box("alice@example.test").getFirst().text();
            assertThat(reply).contains("Return-Path: <>").contains("Auto-Submitted: auto-replied").contains("In-Reply-To: <q1@example.test>")
                    .contains("Subject: Out of office").contains("From: <bob@example.test>");

            send("alice@example.test", "bob@example.test", "From: alice@example.test\nTo: bob@example.test\nSubject: again\n\n?");
            send("alice@example.test", "bob@example.test", "From: alice@example.test\nTo: bob@example.test\nList-Id: <dev.example.test>\nSubject: list\n\n?");
            send("alice@example.test", "bob@example.test", "From: alice@example.test\nTo: bob@example.test\nAuto-Submitted: auto-generated\nSubject: robot\n\n?");
            Await.until("all four delivered to bob", () -> box("bob@example.test").size() == 4);
            Await.until("queue idle", () -> server.service.queue().size() == 0);
            assertThat(box("alice@example.test")).as("one reply within 7 days, none to list or automatic mail").hasSize(1);

            server.clock.advance(java.time.Duration.ofDays(8));
            send("alice@example.test", "bob@example.test", "From: alice@example.test\nTo: bob@example.test\nSubject: next week\n\n?");
            Await.until("second reply after the period", () -> box("alice@example.test").size() == 2);
        }
    }

    @Test
    void vacation_notNamedInToOrCc_noReply() throws Exception {
        rules("bob@example.test", SieveScripts.outOfOffice("Away", "Away.", 7));
        send("alice@example.test", "bob@example.test", "From: alice@example.test\nTo: undisclosed-recipients:;\nSubject: bcc\n\n?");
        Await.until("delivered", () -> !box("bob@example.test").isEmpty());
        Await.until("queue idle", () -> server.service.queue().size() == 0);
        assertThat(box("alice@example.test")).isEmpty();
    }

    @Test
    void imap4flags_keepAndFileintoInbox_storedOnceWithTheFlags() throws Exception {
        rules("bob@example.test", """
                require ["imap4flags", "fileinto", "variables", "copy"];
                if header :matches "subject" "*urgent*" { addflag "\\\\Flagged"; set "f" "important"; }
                keep :flags ["${f}", "\\\\Seen"];
                fileinto "INBOX";
                fileinto :copy "Archive";
                """);
        send("a@outside.test", "bob@example.test", "Subject: very urgent\n\nx");
        Await.until("stored", () -> box("bob@example.test").size() == 2);
        assertThat(box("bob@example.test")).filteredOn(s -> s.mailbox().equals("INBOX")).singleElement()
                .extracting(FakeMailStore.Stored::flags).isEqualTo(java.util.Set.of("important", "\\Seen", "\\Flagged"));
        assertThat(box("bob@example.test")).filteredOn(s -> s.mailbox().equals("Archive")).singleElement()
                .extracting(FakeMailStore.Stored::flags).isEqualTo(java.util.Set.of("\\Flagged"));
    }

    @Test
    void notify_mailtoQueuedAutoNotified_neverAboutAutomaticMail() throws Exception {
        rules("bob@example.test", """
                require ["enotify", "variables"];
                if header :matches "subject" "*" { set "s" "${1}"; }
                notify :message "New: ${s}" "mailto:alice@example.test";
                """);
        send("a@outside.test", "bob@example.test", "Subject: lunch?\n\nx");
        send("a@outside.test", "bob@example.test", "Auto-Submitted: auto-replied\nSubject: robot\n\nx");
        Await.until("both kept", () -> box("bob@example.test").size() == 2);
        Await.until("notification", () -> !box("alice@example.test").isEmpty());
        Await.until("queue idle", () -> server.service.queue().size() == 0);
        assertThat(box("alice@example.test")).singleElement().extracting(FakeMailStore.Stored::text).asString()
                .contains("Subject: New: lunch?").contains("Auto-Submitted: auto-notified").contains("Return-Path: <>");
    }

    @Test
    void invalidScript_refusedWhenSaved() {
        assertThatThrownBy(() -> rules("bob@example.test", "if header :contains \"subject\" { keep"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Sieve syntax error");
    }

    @Test
    void scriptFailingAtRuntime_messageKept() throws Exception {
        // The address is only known to be invalid once the variable is expanded (RFC 5229), at delivery.
        rules("bob@example.test", "require [\"variables\"]; set \"to\" \"not an address\"; redirect \"${to}\"; discard;");
        send("a@outside.test", "bob@example.test", "Subject: kept\n\nx");
        Await.until("kept in INBOX", () -> box("bob@example.test").stream().anyMatch(s -> s.mailbox().equals("INBOX")));
    }
}
