package org.switchboard.smtp.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.smtp.Await;
import org.switchboard.smtp.FakeMailStore;
import org.switchboard.smtp.RawSmtp;
import org.switchboard.smtp.TestServer;
import org.switchboard.smtp.delivery.Router;
import org.switchboard.smtp.server.SmtpPort;

/** Issue 4 mailing list flows through the running server: subscribe by mail and confirm, post, moderation, unsubscribe. */
class MailingListTest {
    private static final Pattern CONFIRM = Pattern.compile("Reply-To: <(dev-confirm\\+[0-9a-f]+@example\\.test)>");

    private TestServer server;
    private MailingLists lists;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        lists = server.service.mailingLists();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private MailingList list(boolean moderatedPosts, boolean moderatedSubscriptions, boolean hideSender, MailingList.ReplyTo replyTo,
                             boolean archive) throws Exception {
        return lists.put(Actor.SERVER, new MailingList("dev", "example.test", "Developers", "Hello and welcome!", "-- \nThe dev list",
                moderatedPosts, moderatedSubscriptions, false, hideSender, true, replyTo, archive,
                List.of(new MailingList.Member("alice@example.test", "Alice"), new MailingList.Member("bob@example.test", "Bob")),
                List.of("alice@example.test")));
    }

    private void send(String from, String to, String message) throws Exception {
        try (RawSmtp c = new RawSmtp(server.address(SmtpPort.MX), "127.0.0.1")) {
            c.reply();
            c.send("EHLO client.test");
            assertThat(c.mail(from, to, message)).startsWith("250");
        }
    }

    private List<String> box(String user) {
        return server.mail.in(server.userId(user)).stream().map(FakeMailStore.Stored::text).toList();
    }

    private String awaitMessage(String user, String marker) {
        Await.until(marker + " for " + user, () -> box(user).stream().anyMatch(t -> t.contains(marker)));
        return box(user).stream().filter(t -> t.contains(marker)).findFirst().orElseThrow();
    }

    private static String confirmAddress(String notice) {
        Matcher m = CONFIRM.matcher(notice);
        assertThat(m.find()).as("confirmation address in:\n" + notice).isTrue();
        return m.group(1);
    }

    @Test
    void post_fromMember_distributedWithListHeadersAndFooter() throws Exception {
        list(false, false, false, MailingList.ReplyTo.SENDER, true);
        send("alice@example.test", "dev@example.test", "From: Alice <alice@example.test>\nSubject: release\n\nShip it.");
        String atBob = awaitMessage("bob@example.test", "Subject: release");
        assertThat(atBob).contains("List-Id: Developers <dev.example.test>").contains("List-Unsubscribe: <mailto:dev-unsubscribe@example.test>")
                .contains("Precedence: list").contains("From: Alice <alice@example.test>").contains("Ship it.\r\n\r\n-- \r\nThe dev list")
                .contains("Return-Path: <dev-owner@example.test>");
        awaitMessage("alice@example.test", "Subject: release");
        Await.until("archived", () -> server.mail.in(Router.PUBLIC_FOLDERS).stream().anyMatch(s -> s.mailbox().equals("Lists/dev")));
    }

    @Test
    void post_hideSenderAndReplyToList_headersSubstituted() throws Exception {
        list(false, false, true, MailingList.ReplyTo.LIST, false);
        send("alice@example.test", "dev@example.test", "From: Alice <alice@example.test>\nReply-To: private@example.test\nSubject: hidden\n\nx");
        String atBob = awaitMessage("bob@example.test", "Subject: hidden");
        assertThat(atBob).contains("From: <dev@example.test>").contains("Reply-To: <dev@example.test>")
                .doesNotContain("alice@example.test>\r\nSubject").doesNotContain("private@example.test");
    }

    @Test
    void post_fromNonMemberOrWithoutSubject_bouncedToSender() throws Exception {
        list(false, false, false, MailingList.ReplyTo.SENDER, false);
        send("carol@catchall.test", "dev@example.test", "Subject: spam\n\nbuy");
        assertThat(awaitMessage("carol@catchall.test", "Undelivered Mail")).contains("Only members may post to dev@example.test");
        send("alice@example.test", "dev@example.test", "From: alice@example.test\n\nno subject here");
        assertThat(awaitMessage("alice@example.test", "Undelivered Mail")).contains("does not accept messages without a subject");
        assertThat(box("bob@example.test")).isEmpty();
    }

    @Test
    void subscribeConfirmUnsubscribe_byMail() throws Exception {
        list(false, false, false, MailingList.ReplyTo.SENDER, false);
        send("carol@catchall.test", "dev-subscribe@example.test", "Subject: \n\n");
        String confirm = confirmAddress(awaitMessage("carol@catchall.test", "Confirm: subscribe to dev@example.test"));
        assertThat(lists.get("dev@example.test").orElseThrow().isMember("carol@catchall.test")).isFalse();
        send("carol@catchall.test", confirm, "Subject: Re: confirm\n\nyes");
        assertThat(awaitMessage("carol@catchall.test", "Welcome to dev@example.test")).contains("Hello and welcome!");
        assertThat(lists.get("dev@example.test").orElseThrow().isMember("carol@catchall.test")).isTrue();

        send("carol@catchall.test", "dev@example.test", "From: carol@catchall.test\nSubject: hi all\n\nnew here");
        awaitMessage("bob@example.test", "Subject: hi all");

        send("carol@catchall.test", "dev-unsubscribe@example.test", "Subject: bye\n\n");
        String leave = confirmAddress(awaitMessage("carol@catchall.test", "Confirm: unsubscribe from"));
        send("carol@catchall.test", leave, "Subject: Re\n\nyes");
        awaitMessage("carol@catchall.test", "You have left dev@example.test");
        assertThat(lists.get("dev@example.test").orElseThrow().isMember("carol@catchall.test")).isFalse();
    }

    @Test
    void moderatedPost_heldUntilModeratorApproves() throws Exception {
        list(true, false, false, MailingList.ReplyTo.SENDER, false);
        send("bob@example.test", "dev@example.test", "From: bob@example.test\nSubject: needs approval\n\nplease");
        String notice = awaitMessage("alice@example.test", "awaits approval");
        assertThat(box("bob@example.test")).noneMatch(t -> t.contains("Subject: needs approval"));
        String approve = confirmAddress(notice);
        send("bob@example.test", approve, "Subject: sneaky\n\nI approve myself");
        assertThat(awaitMessage("bob@example.test", "Undelivered Mail")).contains("Only a moderator");
        send("alice@example.test", approve, "Subject: ok\n\napproved");
        awaitMessage("bob@example.test", "Subject: needs approval");
    }

    @Test
    void moderatedSubscription_confirmedThenApproved() throws Exception {
        list(false, true, false, MailingList.ReplyTo.SENDER, false);
        send("carol@catchall.test", "dev-subscribe@example.test", "Subject: join\n\n");
        send("carol@catchall.test", confirmAddress(awaitMessage("carol@catchall.test", "Confirm: subscribe")), "Subject: yes\n\n");
        awaitMessage("carol@catchall.test", "awaits approval");
        String approve = confirmAddress(awaitMessage("alice@example.test", "Subscription to dev@example.test awaits approval"));
        send("alice@example.test", approve, "Subject: ok\n\n");
        awaitMessage("carol@catchall.test", "Welcome to dev@example.test");
    }

    @Test
    void helpAndOwnerAddresses_answered() throws Exception {
        list(false, false, false, MailingList.ReplyTo.SENDER, false);
        send("carol@catchall.test", "dev-help@example.test", "Subject: ?\n\n");
        assertThat(awaitMessage("carol@catchall.test", "Help for dev@example.test")).contains("dev-subscribe@example.test");
        send("carol@catchall.test", "dev-owners@example.test", "Subject: question for owners\n\nhello");
        awaitMessage("alice@example.test", "Subject: question for owners");
    }

    @Test
    void rcpt_unknownSpecialAddress_refused() throws Exception {
        list(false, false, false, MailingList.ReplyTo.SENDER, false);
        try (RawSmtp c = new RawSmtp(server.address(SmtpPort.MX), "127.0.0.1")) {
            c.reply();
            c.send("EHLO client.test");
            c.send("MAIL FROM:<x@outside.test>");
            assertThat(c.send("RCPT TO:<dev-subscribe@example.test>")).startsWith("250");
            assertThat(c.send("RCPT TO:<dev-bogus@example.test>")).startsWith("550 5.1.1");
        }
    }

    @Test
    void names_validatedAndCsvImported() throws Exception {
        assertThatThrownBy(() -> lists.put(Actor.SERVER, new MailingList("a.b", "example.test", null, null, null, false, false, false, false,
                false, null, false, List.of(), List.of()))).hasMessageContaining("no dot");
        assertThatThrownBy(() -> lists.put(Actor.SERVER, new MailingList("x-subscribe", "example.test", null, null, null, false, false, false,
                false, false, null, false, List.of(), List.of()))).hasMessageContaining("-subscribe");
        assertThatThrownBy(() -> lists.put(Actor.SERVER, new MailingList("alice", "example.test", null, null, null, false, false, false,
                false, false, null, false, List.of(), List.of()))).hasMessageContaining("already a user");
        list(false, false, false, MailingList.ReplyTo.SENDER, false);
        assertThat(lists.importMembers(Actor.SERVER, "dev@example.test", "Email;FullName\npsycho@yahoo.com;Peter Sycho\nmint@email.com;Maude Int\nbob@example.test;Bob\n"))
                .isEqualTo(2);
        assertThat(lists.get("dev@example.test").orElseThrow().members()).extracting(MailingList.Member::email)
                .contains("psycho@yahoo.com", "mint@email.com");
        assertThatThrownBy(() -> lists.importMembers(Actor.SERVER, "dev@example.test", "Email\nnot-an-address\n")).hasMessageContaining("line 2");
    }
}
