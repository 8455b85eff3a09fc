package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.SubjectTerm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real mail clients against the running server: Angus Mail's IMAP and POP3 stores over implicit TLS,
 * mbsync (Debian isync) syncing a mailbox both ways with a local Maildir, python3 imaplib and curl.
 * Each test has its own user, so the order of the tests does not matter.
 */
class ImapClientsTest {
    static final String PASSWORD = "Cl1ent-Secret!";
    static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
        Api admin = Api.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
        assertThat(admin.post("/api/v1/domains", Map.of("name", "example.com")).status()).isEqualTo(201);
        for (String u : List.of("angus", "sync", "python")) {
            assertThat(admin.post("/api/v1/users", Map.of("address", u, "password", PASSWORD)).status()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    static int imaps() { return server.offset + 993; }

    // ------------------------------------------------------------------ Angus Mail

    @Test
    void angusMail_imapsStore_listAppendReadFlagSearchMoveExpunge() throws Exception {
        Session session = Session.getInstance(angusProperties());
        Store store = session.getStore("imaps");
        store.connect("127.0.0.1", imaps(), "angus@example.com", PASSWORD);
        try {
            List<String> names = Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName).toList();
            assertThat(names).contains("INBOX", "Sent", "Drafts", "Junk", "Trash", "Archive");

            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            byte[] attachment = new byte[3000];
            for (int i = 0; i < attachment.length; i++) attachment[i] = (byte) (i * 31);
            AppendUID[] appended = inbox.appendUIDMessages(new Message[] {
                    report(session, "Quarterly report", "The numbers look zebrafish good.", attachment),
                    report(session, "Lunch", "Pizza on Friday.", null)});
            assertThat(appended).hasSize(2).doesNotContainNull();
            long reportUid = appended[0].uid;

            inbox.open(Folder.READ_WRITE);
            assertThat(inbox.getMessageCount()).isEqualTo(2);
            Message read = inbox.getMessageByUID(reportUid);
            assertThat(read.getSubject()).isEqualTo("Quarterly report");
            Multipart parts = (Multipart) read.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat(((String) parts.getBodyPart(0).getContent())).contains("zebrafish");
            assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("figures.bin");
            assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(attachment);

            read.setFlag(Flags.Flag.FLAGGED, true);
            read.setFlags(new Flags("$Important"), true);
            Message[] flagged = inbox.search(new FlagTerm(new Flags(Flags.Flag.FLAGGED), true));
            assertThat(flagged).extracting(m -> uid(inbox, m)).containsExactly(reportUid);
            assertThat(inbox.search(new BodyTerm("zebrafish"))).extracting(m -> uid(inbox, m)).containsExactly(reportUid);
            assertThat(inbox.search(new SubjectTerm("lunch"))).extracting(m -> uid(inbox, m)).containsExactly(appended[1].uid);

            IMAPFolder archive = (IMAPFolder) store.getFolder("Archive");
            inbox.moveMessages(new Message[] {read}, archive);
            // Jakarta Mail keeps a message the server expunged in the list, marked, until the folder is reopened.
            assertThat(read.isExpunged()).as("the server sent EXPUNGE for the moved message").isTrue();
            inbox.close(false);
            inbox.open(Folder.READ_WRITE);
            assertThat(inbox.getMessageCount()).isEqualTo(1);
            archive.open(Folder.READ_ONLY);
            Message archived = archive.getMessage(1);
            assertThat(archived.getSubject()).isEqualTo("Quarterly report");
            assertThat(archived.getFlags().contains(Flags.Flag.FLAGGED)).isTrue();
            assertThat(archived.getFlags().contains("$Important")).isTrue();
            archive.close(false);

            Message lunch = inbox.getMessage(1);
            lunch.setFlag(Flags.Flag.DELETED, true);
            Message[] expunged = inbox.expunge();
            assertThat(expunged).hasSize(1);
            assertThat(inbox.getMessageCount()).isZero();
            inbox.close(false);
        } finally {
            store.close();
        }

        Store pop = session.getStore("pop3s");
        pop.connect("127.0.0.1", server.offset + 995, "angus@example.com", PASSWORD);
        try {
            Folder popInbox = pop.getFolder("INBOX");
            popInbox.open(Folder.READ_ONLY);
            assertThat(popInbox.getMessageCount()).as("POP3 sees the emptied INBOX").isZero();
            popInbox.close(false);
        } finally {
            pop.close();
        }
    }

    private static long uid(UIDFolder folder, Message m) {
        try {
            return folder.getUID(m);
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static MimeMessage report(Session session, String subject, String text, byte[] attachment) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("boss@example.com"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("angus@example.com"));
        m.setSubject(subject);
        if (attachment == null) {
            m.setText(text, "UTF-8");
        } else {
            MimeBodyPart body = new MimeBodyPart();
            body.setText(text, "UTF-8");
            MimeBodyPart file = new MimeBodyPart();
            file.setContent(attachment, "application/octet-stream");
            file.setFileName("figures.bin");
            file.setHeader("Content-Transfer-Encoding", "base64");
            m.setContent(new MimeMultipart(body, file));
        }
        m.saveChanges();
        return m;
    }

    private static Properties angusProperties() {
        Properties p = new Properties();
        for (String protocol : List.of("imaps", "pop3s")) {
            p.put("mail." + protocol + ".ssl.trust", "*");
            p.put("mail." + protocol + ".ssl.checkserveridentity", "false");
            p.put("mail." + protocol + ".connectiontimeout", "10000");
            p.put("mail." + protocol + ".timeout", "30000");
        }
        return p;
    }

    // ------------------------------------------------------------------ mbsync

    @Test
    void mbsync_twoWaySyncWithMaildir_newMessagesFlagsAndExpungesPropagateBothWays(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("mbsync"), "mbsync is not installed; install it (apt-get install isync) to run the mbsync test");
        Path maildir = dir.resolve("mail");
        Path inbox = maildir.resolve("inbox");
        Files.createDirectories(maildir);
        Path config = dir.resolve("mbsyncrc");
        // isync 1.4 names: SSLType (1.5 renamed it TLSType); the server's self-signed certificate is trusted as is.
        Files.writeString(config, """
                IMAPAccount switchboard
                Host 127.0.0.1
                Port %d
                User sync@example.com
                Pass %s
                SSLType IMAPS
                CertificateFile %s

                IMAPStore remote
                Account switchboard

                MaildirStore local
                Path %s/
                Inbox %s

                Channel inbox
                Far :remote:INBOX
                Near :local:
                Create Both
                Expunge Both
                SyncState *
                Sync All
                """.formatted(imaps(), PASSWORD, server.data.resolve("certs/server.crt"), maildir, inbox));

        try (ImapWire w = ImapWire.login(imaps(), "sync@example.com", PASSWORD)) {
            for (int i = 1; i <= 3; i++) assertThat(w.append("INBOX", "", mail("server " + i)).ok()).isTrue();
        }
        mbsync(config);
        assertThat(localSubjects(inbox)).containsOnlyKeys("server 1", "server 2", "server 3");

        // Local side: one message read, one deleted, one new.
        Map<String, Path> local = localSubjects(inbox);
        Path read = local.get("server 1");
        Files.move(read, inbox.resolve("cur").resolve(read.getFileName() + (read.getFileName().toString().contains(":2,") ? "S" : ":2,S")));
        Files.delete(local.get("server 2"));
        Files.write(inbox.resolve("new").resolve("local-1.eml"), mail("local 1"));
        mbsync(config);
        Map<String, Set<String>> remote = remoteFlags();
        assertThat(remote).containsOnlyKeys("server 1", "server 3", "local 1");
        assertThat(remote.get("server 1")).contains("\\Seen");
        assertThat(remote.get("server 3")).doesNotContain("\\Seen");

        // Server side: one flagged, one expunged, one new.
        try (ImapWire w = ImapWire.login(imaps(), "sync@example.com", PASSWORD)) {
            assertThat(w.send("SELECT INBOX").ok()).isTrue();
            assertThat(w.send("SEARCH SUBJECT \"server 3\"").lines("SEARCH")).hasSize(1);
            assertThat(w.send("UID STORE " + uidOf(w, "server 3") + " +FLAGS (\\Flagged)").ok()).isTrue();
            assertThat(w.send("UID STORE " + uidOf(w, "server 1") + " +FLAGS (\\Deleted)").ok()).isTrue();
            assertThat(w.send("EXPUNGE").lines("1 EXPUNGE")).hasSize(1);
            assertThat(w.append("INBOX", "(\\Answered)", mail("server 4")).ok()).isTrue();
        }
        mbsync(config);
        local = localSubjects(inbox);
        assertThat(local).containsOnlyKeys("server 3", "local 1", "server 4");
        assertThat(maildirFlags(local.get("server 3"))).isEqualTo("F");
        assertThat(maildirFlags(local.get("server 4"))).isEqualTo("R");
        assertThat(Files.readString(local.get("server 4"), StandardCharsets.US_ASCII)).contains("Body of server 4.");

        // A second run with nothing changed changes nothing on either side.
        mbsync(config);
        assertThat(localSubjects(inbox)).isEqualTo(local);
        assertThat(remoteFlags()).containsOnlyKeys("server 3", "local 1", "server 4");
    }

    private static long uidOf(ImapWire w, String subject) throws IOException {
        List<String> hits = w.send("UID SEARCH SUBJECT \"" + subject + "\"").lines("SEARCH");
        assertThat(hits).hasSize(1);
        return Long.parseLong(hits.getFirst().substring("SEARCH ".length()).trim());
    }

    private static byte[] mail(String subject) {
        return ("From: sync@example.com\r\nTo: sync@example.com\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + subject.replace(' ', '.') + "@test>\r\n\r\nBody of " + subject + ".\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Subject to flags of every message in the server's INBOX. */
    private static Map<String, Set<String>> remoteFlags() throws IOException {
        try (ImapWire w = ImapWire.login(imaps(), "sync@example.com", PASSWORD)) {
            assertThat(w.send("SELECT INBOX").ok()).isTrue();
            ImapWire.Reply r = w.send("FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            Map<String, Set<String>> out = new java.util.TreeMap<>();
            for (ImapWire.Line l : r.untagged()) {
                if (!l.text().contains(" FETCH ")) continue;
                String subject = l.literals().getFirst().text().trim().substring("Subject: ".length());
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("FLAGS \\(([^)]*)\\)").matcher(l.text());
                assertThat(m.find()).isTrue();
                out.put(subject, ClientView.parseFlags(m.group(1)));
            }
            return out;
        }
    }

    /** Subject to file of every message in the Maildir. */
    private static Map<String, Path> localSubjects(Path inbox) throws IOException {
        Map<String, Path> out = new java.util.TreeMap<>();
        for (String sub : List.of("new", "cur")) {
            Path d = inbox.resolve(sub);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.toList()) {
                    for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                        if (line.startsWith("Subject: ")) out.put(line.substring(9), f);
                    }
                }
            }
        }
        return out;
    }

    private static String maildirFlags(Path file) {
        String name = file.getFileName().toString();
        int i = name.indexOf(":2,");
        return i < 0 ? "" : name.substring(i + 3);
    }

    private static void mbsync(Path config) throws Exception {
        Process p = new ProcessBuilder("mbsync", "-c", config.toString(), "inbox").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("mbsync finishes").isTrue();
        assertThat(p.exitValue()).as("mbsync: " + out).isZero();
    }

    // ------------------------------------------------------------------ imaplib and curl

    @Test
    void imaplibAndCurl_overImplicitTlsAndStarttls_smokeSessionPasses() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not installed; install it (apt-get install python3) to run the imaplib test");
        assumeTrue(onPath("curl"), "curl is not installed; install it (apt-get install curl) to run the curl test");
        String script = """
                import imaplib, ssl, sys
                port, starttls_port, user, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
                ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
                def check(ok, what):
                    if not ok:
                        print("FAILED", what, flush=True); sys.exit(1)
                M = imaplib.IMAP4_SSL('127.0.0.1', port, ssl_context=ctx, timeout=20)
                check(M.login(user, password)[0] == 'OK', 'login')
                typ, boxes = M.list()
                check(typ == 'OK' and any(b'Archive' in b for b in boxes), 'list %r' % boxes)
                msg = b'From: py@example.net\\r\\nSubject: from imaplib\\r\\n\\r\\nthe word is kumquat\\r\\n'
                typ, data = M.append('INBOX', '(\\\\Flagged)', None, msg)
                check(typ == 'OK' and b'APPENDUID' in data[0], 'append %r' % data)
                check(M.select('INBOX')[1] == [b'1'], 'select')
                typ, data = M.search(None, 'TEXT', 'kumquat')
                check(data == [b'1'], 'search %r' % data)
                typ, data = M.fetch('1', '(BODY.PEEK[])')
                check(data[0][1] == msg, 'fetch %r' % data)
                typ, data = M.store('1', '+FLAGS', '(\\\\Deleted)')
                check(typ == 'OK' and b'\\\\Deleted' in data[0], 'store %r' % data)
                M.close(); M.logout()
                S = imaplib.IMAP4('127.0.0.1', starttls_port, timeout=20)
                check('LOGINDISABLED' in S.capabilities, 'LOGINDISABLED before TLS')
                S.starttls(ssl_context=ctx)
                check(S.login(user, password)[0] == 'OK', 'login after STARTTLS')
                check(S.select('INBOX', readonly=True)[1] == [b'0'], 'CLOSE expunged')
                S.logout()
                print('done', flush=True)
                """;
        Process p = new ProcessBuilder("python3", "-c", script, Integer.toString(imaps()), Integer.toString(server.offset + 143),
                "python@example.com", PASSWORD).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEqualTo("done\n");

        String imapsUrl = "imaps://127.0.0.1:" + imaps();
        String starttlsUrl = "imap://127.0.0.1:" + (server.offset + 143);
        assertThat(curl("--ssl-reqd", starttlsUrl + "/")).contains("INBOX", "\\Archive");
        Path eml = Files.createTempFile("curl", ".eml");
        Files.writeString(eml, "From: curl@example.net\r\nSubject: sent by curl\r\n\r\nbody from curl\r\n");
        curl("-T", eml.toString(), imapsUrl + "/INBOX");
        assertThat(curl(imapsUrl + "/INBOX", "-X", "UID SEARCH SUBJECT curl")).contains("* SEARCH 2");
        assertThat(curl(imapsUrl + "/INBOX;UID=2")).isEqualTo(Files.readString(eml));
        assertThat(curl("--ssl-reqd", starttlsUrl + "/INBOX", "-X", "UID FETCH 2 FLAGS")).contains("UID 2 FLAGS (\\Seen)");
        Files.delete(eml);
    }

    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-k", "--max-time", "20", "-u", "python@example.com:" + PASSWORD));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("curl %s: %s", String.join(" ", args), out).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }
}
