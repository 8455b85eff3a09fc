package org.switchboard.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.QuotaPolicy;
import org.switchboard.store.mail.embedded.EmbeddedMailStore;

/**
 * Real clients against the service on a real socket over the embedded mail store: Python's imaplib (STARTTLS, LOGIN, APPEND,
 * SELECT, SEARCH, FETCH, STORE, EXPUNGE, IDLE, LIST) and curl (imaps:// and imap:// with STARTTLS).
 */
class RealClientsTest {
    private static ImapFixture fixture;
    private EmbeddedMailStore store;
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
    void server() throws IOException {
        store = EmbeddedMailStore.open(Files.createTempDirectory(fixture.dir, "mail"), QuotaPolicy.UNLIMITED, InstantSource.system());
        server = new TcpServer(fixture, store);
    }

    @AfterEach
    void stopServer() {
        server.close();
        store.close();
    }

    @Test
    void imaplib_fullSession_everyStepPasses() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not installed; install it (apt-get install python3) to run the imaplib test");
        Path script = Path.of(getClass().getResource("/imap/clients/imaplib_session.py").toURI());
        Process p = new ProcessBuilder("python3", script.toString(), "127.0.0.1", Integer.toString(server.plainPort()),
                "alice@example.com", ImapFixture.PASSWORD).redirectErrorStream(true).start();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        });
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.equals("idling")) deliver("While idling");
            }
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        watchdog.interrupt();
        assertThat(lines).as("imaplib output").containsExactly("login", "append", "select 1", "search", "fetch", "store expunge",
                "idling", "idle", "logout");
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void curl_listAppendFetchSearchStoreExpunge_overImplicitTlsAndStarttls() throws Exception {
        assumeTrue(onPath("curl"), "curl is not installed; install it (apt-get install curl) to run the curl test");
        String imaps = "imaps://127.0.0.1:" + server.tlsPort();
        String starttls = "imap://127.0.0.1:" + server.plainPort();

        assertThat(curl("--ssl-reqd", starttls + "/")).contains("* LIST (\\HasNoChildren) \"/\" INBOX", "\\Sent");

        Path message = fixture.dir.resolve("curl.eml");
        Files.writeString(message, "From: curl@example.net\r\nTo: alice@example.com\r\nSubject: sent by curl\r\n\r\nbody from curl\r\n");
        curl("-T", message.toString(), imaps + "/INBOX");
        assertThat(store.messages(inbox()).size()).isEqualTo(1);

        assertThat(curl(imaps + "/INBOX;UID=1")).isEqualTo(Files.readString(message));
        assertThat(curl(imaps + "/INBOX", "-X", "SEARCH SUBJECT curl")).contains("* SEARCH 1");
        assertThat(curl(imaps + "/INBOX", "-X", "STORE 1 +FLAGS (\\Deleted)")).contains("* 1 FETCH (FLAGS (\\Deleted \\Seen))");
        assertThat(curl(imaps + "/INBOX", "-X", "EXPUNGE")).contains("* 1 EXPUNGE");
        assertThat(store.messages(inbox())).isEmpty();
    }

    private long inbox() {
        return store.mailbox(fixture.userId("alice"), "INBOX").orElseThrow().id();
    }

    private void deliver(String subject) throws IOException {
        store.append(inbox(), new ByteArrayInputStream(("Subject: " + subject + "\r\n\r\nhi\r\n").getBytes(StandardCharsets.US_ASCII)),
                Set.of(), Instant.now(), MailStore.Source.SMTP_DELIVERY, 1 << 20);
    }

    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-k", "--max-time", "20", "-u", "alice@example.com:" + ImapFixture.PASSWORD));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("curl %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }
}
