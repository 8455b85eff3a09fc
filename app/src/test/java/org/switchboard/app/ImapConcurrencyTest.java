package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two and then ten sessions on one mailbox of the running server over implicit TLS, each doing appends,
 * flag changes by number and by UID, searches, expunges, moves and IDLE at random, every other session
 * with CONDSTORE on. Every response a session receives goes through its {@link ClientView} checker;
 * once all are done, each session's view after a NOOP must already hold the flags the mailbox has, and
 * every view must equal a fresh session's.
 */
class ImapConcurrencyTest {
    private static final String PASSWORD = "Sh4red-Secret!";
    static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
        Api admin = Api.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
        assertThat(admin.post("/api/v1/domains", Map.of("name", "example.com")).status()).isEqualTo(201);
        for (String u : List.of("pair", "team")) {
            assertThat(admin.post("/api/v1/users", Map.of("address", u, "password", PASSWORD)).status()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void twoSessions_oneMailbox_viewsConvergeAndNoResponseBreaksOrdering() throws Exception {
        run("pair@example.com", 2, 90, 11);
    }

    @Test
    void tenSessions_oneMailbox_viewsConvergeAndNoResponseBreaksOrdering() throws Exception {
        run("team@example.com", 10, 30, 23);
    }

    private void run(String user, int sessions, int steps, long seed) throws Exception {
        int port = server.offset + 993;
        try (ImapWire setup = ImapWire.login(port, user, PASSWORD)) {
            for (int i = 0; i < 12; i++) assertThat(setup.append("INBOX", i % 3 == 0 ? "(\\Seen)" : "", message("seed", i)).ok()).isTrue();
        }
        List<ImapWire> wires = new ArrayList<>();
        List<ClientView> views = new ArrayList<>();
        try {
            for (int i = 0; i < sessions; i++) {
                ImapWire w = ImapWire.login(port, user, PASSWORD);
                ClientView v = new ClientView("s" + i);
                // Every other session reports MODSEQ in its FETCH responses (RFC 7162), as CONDSTORE clients do.
                if (i % 2 == 1) assertThat(w.send("ENABLE CONDSTORE").ok()).isTrue();
                ImapWire.Reply selected = w.send("SELECT INBOX");
                assertThat(selected.ok()).as(selected.toString()).isTrue();
                v.apply("SELECT INBOX", selected, false);
                wires.add(w);
                views.add(v);
            }
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                ImapWire w = wires.get(i);
                ClientView v = views.get(i);
                Random random = new Random(seed * 1000 + i);
                String id = "s" + i;
                threads.add(Thread.ofVirtual().name("session-" + i).start(() -> {
                    try {
                        for (int step = 0; step < steps; step++) step(w, v, random, id, step);
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            for (Thread t : threads) assertThat(t.join(Duration.ofSeconds(90))).as("sessions finish within 90 s").isTrue();
            assertThat(failures).isEmpty();

            List<Map<Long, Set<String>>> afterNoop = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                ImapWire.Reply noop = wires.get(i).send("NOOP");
                views.get(i).apply("NOOP", noop, false);
                afterNoop.add(views.get(i).knownFlags());
                ImapWire.Reply all = wires.get(i).send("UID FETCH 1:* (FLAGS)");
                views.get(i).apply("UID FETCH 1:* (FLAGS)", all, false);
                assertThat(all.lines("")).as("s%d lists every message it counts", i).hasSize(views.get(i).count());
            }

            ClientView truth = new ClientView("fresh");
            try (ImapWire fresh = ImapWire.login(port, user, PASSWORD)) {
                truth.apply("SELECT INBOX", fresh.send("SELECT INBOX"), false);
                truth.apply("UID FETCH 1:* (FLAGS)", fresh.send("UID FETCH 1:* (FLAGS)"), false);
            }
            assertThat(truth.count()).as("messages left").isPositive();
            int expungesSeen = 0;
            for (int i = 0; i < sessions; i++) {
                ClientView v = views.get(i);
                assertThat(v.violations()).as("ordering violations of s%d", i).isEmpty();
                assertThat(v.knownUids()).as("UIDs of s%d", i).isEqualTo(truth.knownUids());
                assertThat(v.knownFlags()).as("flags of s%d", i).isEqualTo(truth.knownFlags());
                assertThat(truth.knownFlags()).as("flags s%d held after NOOP, before fetching them", i).containsAllEntriesOf(afterNoop.get(i));
                expungesSeen += v.expungesSeen();
            }
            assertThat(expungesSeen).as("EXPUNGE responses the sessions received").isPositive();
        } finally {
            for (ImapWire w : wires) w.close();
        }
    }

    /** One random client action, every response checked by the view. */
    private static void step(ImapWire w, ClientView v, Random r, String id, int step) throws Exception {
        int op = r.nextInt(100);
        int count = v.count();
        int n = count == 0 ? 0 : 1 + r.nextInt(count);
        long uid = v.knownUid(r.nextInt(1000));
        String flag = List.of("\\Seen", "\\Flagged", "\\Answered", "$Work").get(r.nextInt(4));
        String sign = r.nextBoolean() ? "+" : "-";
        if (op < 20) {
            ImapWire.Reply a = w.append("INBOX", r.nextInt(3) == 0 ? "(\\Flagged)" : "", message(id, step));
            v.apply("APPEND INBOX", a, true);
            assertThat(a.ok()).as(a.toString()).isTrue();
        } else if (op < 30 && n > 0) {
            run(w, v, "FETCH " + n + ":" + Math.min(count, n + r.nextInt(4)) + " (UID FLAGS)");
        } else if (op < 42 && n > 0) {
            run(w, v, "STORE " + n + " " + sign + "FLAGS (" + flag + ")");
        } else if (op < 50 && uid > 0) {
            run(w, v, "UID STORE " + uid + " " + sign + "FLAGS (" + flag + ")");
        } else if (op < 55) {
            run(w, v, r.nextBoolean() ? "SEARCH UNSEEN" : "SEARCH FLAGGED");
        } else if (op < 60) {
            run(w, v, "UID SEARCH ALL");
        } else if (op < 66 && n > 0) {
            run(w, v, "STORE " + n + " +FLAGS.SILENT (\\Deleted)");
            run(w, v, "EXPUNGE");
        } else if (op < 71 && uid > 0) {
            run(w, v, "UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)");
            run(w, v, "UID EXPUNGE " + uid);
        } else if (op < 75 && uid > 0) {
            run(w, v, "UID MOVE " + uid + " Archive");
        } else if (op < 83) {
            run(w, v, "NOOP");
        } else if (op < 93) {
            List<ImapWire.Line> seen = new ArrayList<>(w.idle());
            ImapWire.Line first = w.poll(Duration.ofMillis(150));
            if (first != null) seen.add(first);
            ImapWire.Reply done = w.done(seen);
            v.apply("IDLE", done, false);
        } else {
            run(w, v, "FETCH 1:* (UID FLAGS)");
        }
    }

    private static void run(ImapWire w, ClientView v, String command) throws Exception {
        ImapWire.Reply r = w.send(command);
        v.apply(command, r, false);
        // A number or UID another session has expunged meanwhile may get NO (RFC 9051 §7.5.1); never BAD.
        assertThat(r.status()).as(command + " -> " + r).isIn("OK", "NO");
    }

    static byte[] message(String id, int n) {
        return ("From: " + id + "@example.com\r\nTo: team@example.com\r\nSubject: " + id + " message " + n
                + "\r\nMessage-ID: <" + id + "." + n + "@test>\r\n\r\nBody of " + id + " " + n + ".\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
