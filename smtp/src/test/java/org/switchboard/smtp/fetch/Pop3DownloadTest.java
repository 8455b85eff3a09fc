package org.switchboard.smtp.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.Await;
import org.switchboard.smtp.DovecotPop3;
import org.switchboard.smtp.FakeMailStore;
import org.switchboard.smtp.LogCapture;
import org.switchboard.smtp.TestServer;

/**
 * Issue 4 item 8 acceptance: Dovecot's POP3 server holds a multi-drop mailbox; our download
 * fetches over STLS, sorts by the To/Cc headers into alice and bob, sends the unmatched message to
 * the catch-all address, deletes on the server only what the queue accepted, and never fetches a
 * message twice.
 */
class Pop3DownloadTest {
    private static final String SECRET = "Drop-pass-4711";
    private static final List<SortingRule> RULES = List.of(new SortingRule("*@example.test", "*@example.test"),
            new SortingRule("*", "carol@catchall.test"));

    @Test
    void download_multiDrop_sortsDeletesAndNeverRepeats() throws Exception {
        try (TestServer server = new TestServer();
             DovecotPop3 dovecot = new DovecotPop3("drop", SECRET, server.dir.resolve("certs/server.crt"), server.dir.resolve("certs/server.key"));
             LogCapture mailLog = new LogCapture(LogKind.MAIL)) {
            dovecot.add("Return-Path: <friend@remote.test>\nFrom: friend@remote.test\nTo: Alice <alice@example.test>\nSubject: one\nMessage-ID: <one@remote.test>\n\nfirst\n.dot line\n");
            dovecot.add("From: x@remote.test\nTo: someone@partner.test\nCc: bob@example.test\nSubject: two\nMessage-ID: <two@remote.test>\n\nsecond\n");
            dovecot.add("From: x@remote.test\nTo: stranger@elsewhere.test\nSubject: three\nMessage-ID: <three@remote.test>\n\nthird\n");
            AtomicReference<FetchSettings> settings = new AtomicReference<>(new FetchSettings(false, null, false, RULES));
            FetchService fetch = Fetches.service(server, settings);
            fetch.putPop3Account(Actor.SERVER, account(dovecot, false), SECRET);

            RunReport first = fetch.run(Set.of(ScheduledAction.Action.POP3));

            assertThat(first.pop3()).singleElement().satisfies(r -> {
                assertThat(r.error()).isNull();
                assertThat(r.downloaded()).isEqualTo(3);
                assertThat(r.deleted()).isEqualTo(3);
            });
            Await.until("alice, bob and carol got their messages", () -> texts(server, "alice@example.test").size() == 1
                    && texts(server, "bob@example.test").size() == 1 && texts(server, "carol@catchall.test").size() == 1);
            assertThat(texts(server, "alice@example.test").getFirst()).contains("<one@remote.test>").contains("\r\n.dot line\r\n")
                    .contains("Return-Path: <friend@remote.test>").contains("with POP3");
            assertThat(texts(server, "bob@example.test").getFirst()).contains("<two@remote.test>");
            assertThat(texts(server, "carol@catchall.test").getFirst()).contains("<three@remote.test>");
            assertThat(dovecot.count()).isZero();
            assertThat(mailLog.has("POP3 download drop", "3 downloaded")).isTrue();

            dovecot.add("From: x@remote.test\nTo: alice@example.test\nCc: bob@example.test\nSubject: four\nMessage-ID: <four@remote.test>\n\nfourth\n");
            RunReport second = fetch.run(Set.of(ScheduledAction.Action.POP3));

            assertThat(second.pop3().getFirst().downloaded()).isEqualTo(1);
            Await.until("the fourth message reached both", () -> texts(server, "alice@example.test").size() == 2
                    && texts(server, "bob@example.test").size() == 2);
            assertThat(texts(server, "alice@example.test")).filteredOn(t -> t.contains("<one@remote.test>")).hasSize(1);
            assertThat(dovecot.count()).isZero();
        }
    }

    @Test
    void download_queueRefuses_nothingDeletedOnServer() throws Exception {
        try (TestServer server = new TestServer();
             DovecotPop3 dovecot = new DovecotPop3("drop", SECRET, server.dir.resolve("certs/server.crt"), server.dir.resolve("certs/server.key"))) {
            dovecot.add("From: x@remote.test\nTo: alice@example.test\nSubject: kept\nMessage-ID: <kept@remote.test>\n\nbody\n");
            FetchService fetch = Fetches.service(server, new AtomicReference<>(new FetchSettings(false, null, false, RULES)));
            fetch.putPop3Account(Actor.SERVER, account(dovecot, false), SECRET);
            Path spoolTmp = server.dir.resolve("queue").resolve("tmp");
            Files.delete(spoolTmp);
            Files.writeString(spoolTmp, "the queue cannot write here");

            RunReport failed = fetch.run(Set.of(ScheduledAction.Action.POP3));

            assertThat(failed.pop3().getFirst().error()).isNotNull();
            assertThat(dovecot.count()).isEqualTo(1);

            Files.delete(spoolTmp);
            Files.createDirectories(spoolTmp);
            RunReport retried = fetch.run(Set.of(ScheduledAction.Action.POP3));

            assertThat(retried.pop3().getFirst().downloaded()).isEqualTo(1);
            Await.until("alice got the message", () -> texts(server, "alice@example.test").size() == 1);
            assertThat(dovecot.count()).isZero();
        }
    }

    @Test
    void download_leaveOnServer_fetchesOnceAndKeepsIt() throws Exception {
        try (TestServer server = new TestServer();
             DovecotPop3 dovecot = new DovecotPop3("drop", SECRET, server.dir.resolve("certs/server.crt"), server.dir.resolve("certs/server.key"))) {
            dovecot.add("From: x@remote.test\nTo: nobody@elsewhere.test\nSubject: fixed\nMessage-ID: <fixed@remote.test>\n\nbody\n");
            FetchService fetch = Fetches.service(server, new AtomicReference<>(FetchSettings.DEFAULTS));
            Pop3Account a = account(dovecot, true);
            fetch.putPop3Account(Actor.SERVER, new Pop3Account(a.name(), true, a.server(), a.port(), a.tls(), false, a.user(), null,
                    "bob@example.test", true, 0, 0), SECRET);

            assertThat(fetch.run(Set.of(ScheduledAction.Action.POP3)).pop3().getFirst().downloaded()).isEqualTo(1);
            assertThat(fetch.run(Set.of(ScheduledAction.Action.POP3)).pop3().getFirst().downloaded()).isZero();

            Await.until("bob got the message", () -> texts(server, "bob@example.test").size() == 1);
            assertThat(dovecot.count()).isEqualTo(1);
            assertThat(fetch.pop3Accounts().getFirst().sealedPassword()).isNull();
        }
    }

    @Test
    void download_garbageFromServer_warnsWithoutCrashing() throws Exception {
        try (TestServer server = new TestServer(); ServerSocket liar = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             LogCapture warnings = new LogCapture(LogKind.WARNING)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = liar.accept(); OutputStream out = s.getOutputStream(); InputStream in = s.getInputStream()) {
                    out.write("* HELLO this is not POP3\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    in.read();
                } catch (IOException ignored) {
                    // The client hung up, as it should.
                }
            });
            FetchService fetch = Fetches.service(server, new AtomicReference<>(FetchSettings.DEFAULTS));
            fetch.putPop3Account(Actor.SERVER, new Pop3Account("liar", true, "127.0.0.1", liar.getLocalPort(), ClientTls.NONE, true,
                    "drop", null, "alice@example.test", false, 0, 0), SECRET);

            RunReport r = fetch.run(Set.of(ScheduledAction.Action.POP3));

            assertThat(r.pop3().getFirst().error()).contains("not a POP3 response");
            assertThat(warnings.has("POP3 download liar", "not a POP3 response")).isTrue();
        }
    }

    private static Pop3Account account(DovecotPop3 d, boolean leave) {
        return new Pop3Account("drop", true, "127.0.0.1", d.port(), ClientTls.STARTTLS, false, d.user, null, null, leave, 0, 0);
    }

    private static List<String> texts(TestServer server, String user) {
        return server.mail.in(server.userId(user)).stream().map(FakeMailStore.Stored::text).toList();
    }
}
