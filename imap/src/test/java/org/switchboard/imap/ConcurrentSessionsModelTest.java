package org.switchboard.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.MessageSummary;
import org.switchboard.store.mail.QuotaPolicy;
import org.switchboard.store.mail.embedded.EmbeddedMailStore;

/**
 * Several sessions on one mailbox at once (three, and ten), with mail arriving and the clients themselves
 * appending, copying and moving, each client keeping the mailbox as the
 * server told it (EXISTS, EXPUNGE, FETCH UID) the way a real client must. Checked on every response:
 * no EXPUNGE while FETCH, STORE or SEARCH runs (RFC 9051 §7.5.1); EXISTS never shrinks the mailbox;
 * a message number always names the UID the client was told; no number beyond what the client knows.
 * At the end every client's picture equals the store.
 */
class ConcurrentSessionsModelTest {
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS$");
    private static final Pattern EXPUNGE = Pattern.compile("^\\* (\\d+) EXPUNGE$");
    private static final Pattern FETCH = Pattern.compile("^\\* (\\d+) FETCH \\((.*)\\)$");
    private static final Pattern UID = Pattern.compile("(?:^|[ (])UID (\\d+)");
    private static final Pattern SEARCH = Pattern.compile("^\\* SEARCH((?: \\d+)*)$");

    private static ImapFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ImapFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void manySessions_inMemoryStore_everyClientStaysConsistent() throws Exception {
        for (long seed = 1; seed <= 5; seed++) run(new MemoryMailStore(), seed, 3, 120, 40);
    }

    @Test
    void manySessions_embeddedStore_everyClientStaysConsistent() throws Exception {
        try (EmbeddedMailStore store = EmbeddedMailStore.open(Files.createTempDirectory(fixture.dir, "mail"), QuotaPolicy.UNLIMITED,
                InstantSource.system())) {
            for (long seed = 42; seed <= 46; seed++) run(store, seed, 3, 60, 20);
        }
    }

    @Test
    void tenSessions_embeddedStore_everyClientStaysConsistent() throws Exception {
        try (EmbeddedMailStore store = EmbeddedMailStore.open(Files.createTempDirectory(fixture.dir, "mail"), QuotaPolicy.UNLIMITED,
                InstantSource.system())) {
            for (long seed = 7; seed <= 8; seed++) run(store, seed, 10, 40, 30);
        }
    }

    private void run(MailStore store, long seed, int clients, int steps, int deliveries) throws Exception {
        String account = fixture.userId("alice");
        store.ensureDefaultMailboxes(account);
        long inbox = store.mailbox(account, "INBOX").orElseThrow().id();
        for (int i = 0; i < 5; i++) deliver(store, inbox, i);
        ImapService service = fixture.service(store);
        List<ModelClient> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) all.add(new ModelClient(new InMemoryConnection(service, true), "c" + i));
        try {
            for (ModelClient c : all) c.start();
            AtomicBoolean failed = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                ModelClient c = all.get(i);
                Random random = new Random(seed * 31 + i);
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        for (int s = 0; s < steps && !failed.get(); s++) c.randomStep(random);
                    } catch (Throwable e) {
                        failed.set(true);
                        c.violation("exception " + e);
                    }
                }));
            }
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < deliveries && !failed.get(); i++) {
                        deliver(store, inbox, 100 + i);
                        Thread.yield();
                    }
                } catch (IOException e) {
                    failed.set(true);
                }
            }));
            for (Thread t : threads) t.join(Duration.ofSeconds(60));
            List<Long> actual = store.messages(inbox).stream().map(MessageSummary::uid).toList();
            for (ModelClient c : all) {
                c.command("NOOP", false);
                c.command("UID FETCH 1:* (UID)", false);
                assertThat(c.violations).as("seed %d, %s:\n%s", seed, c.name, String.join("\n", c.transcript)).isEmpty();
                assertThat(c.model).as("seed %d, %s's view after NOOP:\n%s", seed, c.name, String.join("\n", c.transcript)).isEqualTo(actual);
            }
        } finally {
            for (ModelClient c : all) c.connection.close();
        }
    }

    private static void deliver(MailStore store, long inbox, int n) throws IOException {
        store.append(inbox, new ByteArrayInputStream(("Subject: m" + n + "\r\n\r\nbody " + n + "\r\n").getBytes(StandardCharsets.US_ASCII)),
                Set.of(), Instant.now(), MailStore.Source.SMTP_DELIVERY, 1 << 20);
    }

    /** A client that believes only what the server tells it. */
    private static final class ModelClient {
        final InMemoryConnection connection;
        final String name;
        final List<Long> model = new ArrayList<>();
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        final List<String> transcript = new ArrayList<>();
        private int tags;

        ModelClient(InMemoryConnection connection, String name) {
            this.connection = connection;
            this.name = name;
        }

        void start() throws IOException {
            connection.readLine(Duration.ofSeconds(5));
            command("LOGIN alice " + ImapFixture.PASSWORD, false);
            command("SELECT INBOX", false);
        }

        void randomStep(Random random) throws IOException {
            int size = model.size();
            int seq = size == 0 ? 1 : 1 + random.nextInt(size);
            switch (random.nextInt(13)) {
                case 0 -> command("NOOP", false);
                case 1 -> { if (size > 0) command("FETCH 1:* (UID FLAGS)", true); }
                case 2 -> command("UID FETCH 1:* (FLAGS)", false);
                case 3 -> { if (size > 0) command("STORE " + seq + " +FLAGS (\\Deleted)", true); }
                case 4 -> { if (size > 0) command("STORE " + seq + " -FLAGS.SILENT (\\Deleted)", true); }
                case 5 -> command("EXPUNGE", false);
                case 6 -> command("SEARCH ALL", true);
                case 7 -> command("UID SEARCH DELETED", false);
                case 8 -> {
                    Long uid = size == 0 ? null : model.get(seq - 1);
                    if (uid != null) command("UID STORE " + uid + " +FLAGS ($Seen" + random.nextInt(3) + ")", false);
                }
                case 10 -> {
                    // LITERAL+ (RFC 7888): the message follows the command line without waiting for a continuation.
                    String message = "Subject: from " + name + "\r\n\r\nappended by " + name + "\r\n";
                    command("APPEND INBOX {" + message.length() + "+}\r\n" + message, false);
                }
                case 11 -> { if (size > 0) command("MOVE " + seq + " Trash", false); }
                case 12 -> { if (size > 0) command("COPY " + seq + " INBOX", false); }
                default -> { if (size > 0) command("FETCH " + seq + " (UID)", true); }
            }
        }

        /** Sends a command and checks every response line against the model. */
        void command(String text, boolean expungeForbidden) throws IOException {
            String tag = name + "-" + (++tags);
            transcript.add("C: " + tag + " " + text);
            connection.send(tag + " " + text);
            while (true) {
                String line = connection.readLine(Duration.ofSeconds(10));
                if (line == null) throw new IOException("connection closed");
                transcript.add("S: " + line);
                if (line.startsWith(tag + " ")) {
                    if (!line.startsWith(tag + " OK")) violation("command failed: " + line);
                    return;
                }
                apply(line, expungeForbidden, text);
            }
        }

        private void apply(String line, boolean expungeForbidden, String command) {
            Matcher m;
            if ((m = EXISTS.matcher(line)).matches()) {
                int n = Integer.parseInt(m.group(1));
                if (n < model.size()) violation("EXISTS " + n + " below known " + model.size());
                while (model.size() < n) model.add(null);
            } else if ((m = EXPUNGE.matcher(line)).matches()) {
                int n = Integer.parseInt(m.group(1));
                if (expungeForbidden) violation("EXPUNGE during " + command);
                if (n < 1 || n > model.size()) violation("EXPUNGE " + n + " beyond " + model.size());
                else model.remove(n - 1);
            } else if ((m = FETCH.matcher(line)).matches()) {
                int n = Integer.parseInt(m.group(1));
                if (n < 1 || n > model.size()) {
                    violation("FETCH for message " + n + " beyond " + model.size());
                    return;
                }
                Matcher u = UID.matcher(m.group(2));
                if (u.find()) {
                    long uid = Long.parseLong(u.group(1));
                    Long known = model.get(n - 1);
                    if (known == null) model.set(n - 1, uid);
                    else if (known != uid) violation("message " + n + " is UID " + known + " but FETCH says " + uid);
                }
            } else if ((m = SEARCH.matcher(line)).matches()) {
                for (String s : m.group(1).trim().split(" ")) {
                    if (s.isEmpty()) continue;
                    long v = Long.parseLong(s);
                    if (command.startsWith("UID")) {
                        if (!model.contains(v) && !model.contains(null)) violation("UID SEARCH returned unannounced UID " + v);
                    } else if (v > model.size()) {
                        violation("SEARCH returned message " + v + " beyond " + model.size());
                    }
                }
            }
        }

        void violation(String what) {
            violations.add(what);
        }
    }
}
