package org.switchboard.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.core.log.LogKind;
import org.switchboard.net.Binding;
import org.switchboard.net.ListenerSettings;
import org.switchboard.net.TcpListener;
import org.switchboard.net.TlsMode;
import org.switchboard.store.mail.MailStore;

/** The service on real sockets: implicit TLS, STARTTLS and its injection guard, COMPRESS, timeouts, logs, live sessions. */
class ImapServiceTest {
    private static ImapFixture fixture;
    private MemoryMailStore store;
    private TcpServer server;

    @BeforeAll
    static void start() {
        fixture = new ImapFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void server() {
        store = new MemoryMailStore();
        server = new TcpServer(fixture, store);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void implicitTls_login_listedAsLiveImapsSession() throws Exception {
        try (LineClient c = new LineClient(server.tlsPort(), true)) {
            String greeting = c.line();
            assertThat(greeting).startsWith("* OK [CAPABILITY IMAP4rev1 IMAP4rev2 AUTH=PLAIN").doesNotContain("STARTTLS", "LOGINDISABLED");
            c.send("a LOGIN alice " + ImapFixture.PASSWORD);
            assertThat(c.until("a").getLast()).startsWith("a OK [CAPABILITY ");
            assertThat(server.service.sessions().list()).singleElement().satisfies(s -> {
                assertThat(s.user()).isEqualTo("alice@example.com");
                assertThat(s.address()).isEqualTo("127.0.0.1");
                assertThat(s.protocol()).isEqualTo("IMAPS");
            });
            c.send("b LOGOUT");
            assertThat(c.until("b")).containsExactly("* BYE Logging out", "b OK LOGOUT completed");
            assertThat(c.line()).isNull();
        }
        awaitNoSessions();
    }

    @Test
    void starttls_pipelinedCommand_refusedThenProperUpgradeWorks() throws Exception {
        try (LogCapture security = new LogCapture(LogKind.SECURITY); LineClient c = new LineClient(server.plainPort(), false)) {
            assertThat(c.line()).contains("STARTTLS", "LOGINDISABLED").doesNotContain("AUTH=PLAIN");
            // Injected after STARTTLS in the same packet: must not run as if protected (CVE-2011-0411 family).
            c.sendRaw("a STARTTLS\r\nb LOGIN alice " + ImapFixture.PASSWORD + "\r\n");
            assertThat(c.line()).isEqualTo("a BAD STARTTLS must be the last command before the TLS handshake");
            assertThat(c.line()).isEqualTo("b NO [PRIVACYREQUIRED] LOGIN is disabled until STARTTLS");
            assertThat(security.lines()).anyMatch(l -> l.contains("STARTTLS") && l.contains("pipelined"));
            c.send("c STARTTLS");
            assertThat(c.line()).isEqualTo("c OK Begin TLS negotiation now");
            c.startTls();
            c.send("d CAPABILITY");
            List<String> caps = c.until("d");
            assertThat(caps.getFirst()).contains("AUTH=PLAIN").doesNotContain("STARTTLS", "LOGINDISABLED");
            c.send("e LOGIN alice " + ImapFixture.PASSWORD);
            assertThat(c.until("e").getLast()).startsWith("e OK");
            c.send("f STARTTLS");
            assertThat(c.line()).isEqualTo("f BAD STARTTLS is not allowed in the authenticated state");
        }
    }

    @Test
    void compressDeflate_afterOk_bothDirectionsCompressed() throws Exception {
        deliver("Compressed");
        try (LineClient c = new LineClient(server.tlsPort(), true)) {
            c.line();
            c.send("a LOGIN alice " + ImapFixture.PASSWORD);
            c.until("a");
            c.send("b COMPRESS DEFLATE");
            assertThat(c.line()).isEqualTo("b OK DEFLATE active");
            c.compress();
            c.send("c CAPABILITY");
            assertThat(c.until("c").getFirst()).doesNotContain("COMPRESS=DEFLATE");
            c.send("d SELECT INBOX");
            assertThat(c.until("d")).contains("* 1 EXISTS");
            c.send("e FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]");
            assertThat(c.until("e")).contains("Subject: Compressed", "e OK FETCH completed");
            c.send("f COMPRESS DEFLATE");
            assertThat(c.line()).isEqualTo("f NO [COMPRESSIONACTIVE] DEFLATE is already active");
        }
    }

    @Test
    void idleTimeout_silentClient_getsByeAutologout() throws Exception {
        ListenerSettings settings = new ListenerSettings("imap-short", true, List.of(new Binding("127.0.0.1", 0, TlsMode.NONE)),
                null, 0, 0, Duration.ofMillis(300), 64 * 1024);
        TcpListener listener = fixture.service(store).listener(settings, null);
        listener.start();
        try (LineClient c = new LineClient(listener.boundAddresses().getFirst().getPort(), false)) {
            assertThat(c.line()).startsWith("* OK");
            assertThat(c.line()).isEqualTo("* BYE Autologout; idle for too long");
            assertThat(c.line()).isNull();
        } finally {
            listener.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void expungeByClient_writesMailLogLine() throws Exception {
        deliver("Doomed");
        deliver("Kept");
        try (LogCapture mail = new LogCapture(LogKind.MAIL); LineClient c = new LineClient(server.tlsPort(), true)) {
            c.line();
            c.send("a LOGIN alice " + ImapFixture.PASSWORD);
            c.until("a");
            c.send("b SELECT INBOX");
            c.until("b");
            c.send("c STORE 1 +FLAGS.SILENT (\\Deleted)");
            c.until("c");
            c.send("d EXPUNGE");
            assertThat(c.until("d")).containsExactly("* 1 EXPUNGE", "d OK EXPUNGE completed");
            assertThat(mail.lines()).contains("IMAP: user alice@example.com expunged 1 messages from INBOX");
        }
    }

    @Test
    void failedLogin_goesThroughAuthServiceSecurityLog() throws Exception {
        try (LogCapture security = new LogCapture(LogKind.SECURITY); LineClient c = new LineClient(server.tlsPort(), true)) {
            c.line();
            c.send("a LOGIN alice wrong");
            assertThat(c.line()).isEqualTo("a NO [AUTHENTICATIONFAILED] Authentication failed");
            assertThat(security.lines()).anyMatch(l -> l.contains("Authentication failed: user 'alice'") && l.contains("to imap"));
        }
    }

    @Test
    void garbage_neverKillsTheSession() throws Exception {
        try (LineClient c = new LineClient(server.tlsPort(), true)) {
            c.line();
            c.sendRaw("\u0000\u0001\u00ff)(\"{}*\r\n* OK\r\n+ x\r\n)))\r\n{3+}\r\nabc\r\n");
            for (int i = 0; i < 5; i++) assertThat(c.line()).contains("BAD");
            c.send("z NOOP");
            assertThat(c.line()).isEqualTo("z OK NOOP completed");
        }
    }

    private void deliver(String subject) throws Exception {
        String account = fixture.userId("alice");
        store.ensureDefaultMailboxes(account);
        long inbox = store.mailbox(account, "INBOX").orElseThrow().id();
        store.append(inbox, new ByteArrayInputStream(("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII)),
                Set.of(), Instant.now(), MailStore.Source.SMTP_DELIVERY, 1 << 20);
    }

    private void awaitNoSessions() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.service.sessions().list().size() > 0 && System.nanoTime() < deadline) java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        assertThat(server.service.sessions().list()).isEmpty();
    }
}
