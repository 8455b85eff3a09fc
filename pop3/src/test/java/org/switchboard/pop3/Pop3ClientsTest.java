package org.switchboard.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.core.CoreFixture;
import org.switchboard.core.directory.User;
import org.switchboard.core.tls.TlsMaterial;
import org.switchboard.net.Binding;
import org.switchboard.net.ListenerSettings;
import org.switchboard.net.TcpListener;
import org.switchboard.net.TlsMode;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.Mailbox;
import org.switchboard.store.mail.QuotaPolicy;
import org.switchboard.store.mail.embedded.EmbeddedMailStore;

/**
 * POP3 against clients someone else wrote: python3 poplib (STLS, USER/PASS, AUTH), curl
 * pop3:// and pop3s://, and Angus Mail's POP3 store — over a real store and real TLS.
 */
class Pop3ClientsTest {
    static final String PASSWORD = "Al1ce-Secret!";
    @TempDir Path dir;
    CoreFixture core;
    EmbeddedMailStore store;
    TcpListener listener;
    int plainPort, tlsPort;
    User alice;
    Mailbox inbox;

    @BeforeEach
    void start() throws Exception {
        core = new CoreFixture(dir);
        alice = core.domainWithUser("alice", PASSWORD);
        store = EmbeddedMailStore.open(dir.resolve("data"), QuotaPolicy.UNLIMITED, core.clock);
        store.ensureDefaultMailboxes(alice.id());
        inbox = store.mailbox(alice.id(), "INBOX").orElseThrow();
        for (int i = 1; i <= 3; i++) {
            String msg = "From: bob@example.net\r\nTo: alice@example.com\r\nSubject: Message " + i + "\r\n\r\nLine one of " + i
                    + "\r\n.starts with a dot\r\nLine three\r\n";
            store.append(inbox.id(), new ByteArrayInputStream(msg.getBytes(StandardCharsets.UTF_8)), Set.of(), Instant.now(),
                    MailStore.Source.IMAP_APPEND, 1 << 20);
        }
        TlsMaterial tls = TlsMaterial.loadOrCreate(dir.resolve("certs"), "localhost");
        plainPort = freePort();
        tlsPort = freePort();
        Pop3Service pop3 = new Pop3Service(core.auth, core.directory, store, core.sessions, () -> core.security, "mail.example.com");
        listener = new TcpListener(new ListenerSettings("pop3", true, List.of(new Binding("127.0.0.1", plainPort, TlsMode.NONE),
                new Binding("127.0.0.1", tlsPort, TlsMode.IMPLICIT)), null, 0, 0, Duration.ofSeconds(30), 1024),
                tls.sslContext(), pop3);
        listener.start();
    }

    @AfterEach
    void stop() {
        listener.close();
        store.close();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void poplib_stlsUserPass_listRetrTopDeleQuit() throws Exception {
        String script = """
                import poplib, ssl, sys
                ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
                p = poplib.POP3('127.0.0.1', int(sys.argv[1]))
                caps = p.capa()
                assert 'STLS' in caps and 'USER' not in caps, caps
                p.stls(ctx)
                caps = p.capa()
                assert 'USER' in caps and 'UIDL' in caps and 'TOP' in caps, caps
                p.user('alice'); p.pass_(sys.argv[2])
                count, size = p.stat()
                assert count == 3, count
                resp, lines, octets = p.retr(2)
                body = b'\\n'.join(lines)
                assert b'Subject: Message 2' in body and b'\\n.starts with a dot' in body, body
                resp, lines, octets = p.top(1, 1)
                assert lines[-1] == b'Line one of 1', lines
                uids = p.uidl()[1]
                assert len(uids) == 3
                p.dele(1)
                assert p.stat()[0] == 2
                p.rset(); p.dele(3)
                print(p.quit())
                """;
        String out = run("python3", "-c", script, Integer.toString(plainPort), PASSWORD);
        assertThat(out).contains("+OK");
        assertThat(store.messages(inbox.id())).hasSize(2);
    }

    @Test
    void poplib_authPlainOverImplicitTls_andWrongPassword() throws Exception {
        String script = """
                import poplib, ssl, sys, base64
                ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
                p = poplib.POP3_SSL('127.0.0.1', int(sys.argv[1]), context=ctx)
                try:
                    p.user('alice'); p.pass_('wrong')
                    sys.exit('wrong password accepted')
                except poplib.error_proto as e:
                    assert b'[AUTH]' in e.args[0], e
                p2 = poplib.POP3_SSL('127.0.0.1', int(sys.argv[1]), context=ctx)
                token = base64.b64encode(b'\\0alice\\0' + sys.argv[2].encode()).decode()
                print(p2._shortcmd('AUTH PLAIN ' + token))
                print(p2.stat())
                p2.quit()
                """;
        String out = run("python3", "-c", script, Integer.toString(tlsPort), PASSWORD);
        assertThat(out).contains("(3, ");
    }

    @Test
    void curl_pop3s_listsAndRetrieves() throws Exception {
        String list = run("curl", "-sk", "--ssl-reqd", "-u", "alice:" + PASSWORD, "pop3://127.0.0.1:" + plainPort + "/");
        assertThat(list).contains("1 ").contains("3 ");
        String msg = run("curl", "-sk", "-u", "alice:" + PASSWORD, "pop3s://127.0.0.1:" + tlsPort + "/3");
        assertThat(msg).contains("Subject: Message 3").contains("\n.starts with a dot");
    }

    @Test
    void angusMail_pop3sStore_readsMessages() throws Exception {
        Properties props = new Properties();
        props.put("mail.pop3s.ssl.trust", "*");
        props.put("mail.pop3s.ssl.checkserveridentity", "false");
        Session session = Session.getInstance(props);
        try (Store s = session.getStore("pop3s")) {
            s.connect("127.0.0.1", tlsPort, "alice", PASSWORD);
            Folder inbox = s.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] messages = inbox.getMessages();
            assertThat(messages).hasSize(3);
            assertThat(messages[0].getSubject()).isEqualTo("Message 1");
            assertThat(((String) messages[2].getContent())).contains("Line three");
            inbox.close(false);
        }
    }

    @Test
    void badInput_errorsAndConnectionStaysUsable() throws Exception {
        try (Socket s = new Socket("127.0.0.1", plainPort)) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            assertThat(line(in)).startsWith("+OK");
            for (String bad : List.of("FOO", "RETR 1", "x".repeat(2000), "USER alice", "\u0000\u0001garbage")) {
                out.write((bad + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertThat(line(in)).as(bad).startsWith("-ERR");
            }
            out.write("CAPA\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(line(in)).startsWith("+OK");
        }
    }

    @Test
    void lockout_tenWrongPasswords_blockPop3FromThatAddress() throws Exception {
        core.security = new org.switchboard.core.auth.SecuritySettings(true, 10, 60, 300, false, 300, null, false, true);
        String script = """
                import poplib, sys
                for i in range(10):
                    p = poplib.POP3('127.0.0.1', int(sys.argv[1]))
                    try:
                        p.user('alice'); p.pass_('wrong%d' % i)
                    except poplib.error_proto:
                        pass
                p = poplib.POP3('127.0.0.1', int(sys.argv[1]))
                try:
                    p.user('alice'); p.pass_(sys.argv[2])
                    sys.exit('blocked source was let in')
                except poplib.error_proto as e:
                    print(e)
                """;
        assertThat(run("python3", "-c", script, Integer.toString(plainPort), PASSWORD)).contains("LOGIN-DELAY");
        assertThat(core.lockout.blocks()).anySatisfy(b -> assertThat(b.service()).isEqualTo("pop3"));
    }

    static String line(InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) if (c != '\r') b.append((char) c);
        return b.toString();
    }
}
