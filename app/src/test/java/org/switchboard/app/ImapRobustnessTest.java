package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing is lost on the running server: malformed input over the real socket is answered with a tagged
 * BAD or NO and the connection goes on (broken MIME is stored and served back byte-exact); a kill -9
 * during a flood of APPENDs from several connections loses no acknowledged message, and after the
 * restart the full-text index finds every message the metadata has.
 */
class ImapRobustnessTest {
    private static final String PASSWORD = "R0bust-Secret!";
    private static final Pattern HEADER_SHA = Pattern.compile("(?m)^X-Body-SHA256: ([0-9a-f]{64})\r\n");
    private static final Pattern HEADER_TOKEN = Pattern.compile("(?m)^X-Token: ([a-z]+)\r\n");
    static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
        Api admin = Api.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
        assertThat(admin.post("/api/v1/domains", Map.of("name", "example.com")).status()).isEqualTo(201);
        for (String u : List.of("robust", "flood")) {
            assertThat(admin.post("/api/v1/users", Map.of("address", u, "password", PASSWORD)).status()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    static int imaps() { return server.offset + 993; }

    // ------------------------------------------------------------------ bad input

    @Test
    void badInput_overTheRealSocket_answeredBadOrNoAndTheConnectionStaysUsable() throws Exception {
        byte[] kept = "From: a@example.com\r\nSubject: kept\r\n\r\nstill here\r\n".getBytes(StandardCharsets.US_ASCII);
        try (ImapWire w = ImapWire.login(imaps(), "robust@example.com", PASSWORD)) {
            assertThat(w.append("INBOX", "", kept).ok()).isTrue();
            assertThat(w.send("SELECT INBOX").ok()).isTrue();

            // Literals over the limits: a synchronizing one is refused before "+", a non-synchronizing one is skipped.
            ImapWire.Reply r = raw(w, "L1", "L1 LOGIN {70000}\r\n");
            assertThat(r.status()).isEqualTo("BAD");
            assertThat(r.text()).startsWith("[TOOBIG]");
            assertThat(r.untagged()).noneMatch(l -> l.text().startsWith("+"));
            r = raw(w, "L2", "L2 SEARCH TEXT {70000+}\r\n" + "x".repeat(70000) + "\r\n");
            assertThat(r.status()).isEqualTo("BAD");
            assertThat(r.text()).startsWith("[TOOBIG]");
            r = raw(w, "L3", "L3 APPEND INBOX {60000000}\r\n");
            assertThat(r.status()).isEqualTo("NO");
            assertThat(r.text()).startsWith("[TOOBIG]");
            assertThat(r.untagged()).noneMatch(l -> l.text().startsWith("+"));
            usable(w);

            r = raw(w, "L4", "L4 NOOP " + "y".repeat(20000) + "\r\n");
            assertThat(r.status()).isEqualTo("BAD");
            usable(w);

            List<String> bad = List.of(
                    "FETCH 1 (FLAGS", "FETCH 1 FLAGS)", "SEARCH (OR SEEN DELETED", "STORE 1 +FLAGS (\\Seen",
                    "FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT])",
                    "FROBNICATE", "XYZZY 1 2 3", "SELEKT INBOX",
                    "FETCH 0 FLAGS", "FETCH 1:x FLAGS", "FETCH 2 FLAGS", "STORE ,1 +FLAGS (\\Seen)", "FETCH 4294967296 FLAGS",
                    "FETCH *:0 FLAGS", "COPY 1:2:3 Trash", "SELECT");
            for (String command : bad) {
                ImapWire.Reply reply = w.send(command);
                assertThat(reply.status()).as(command + " -> " + reply).isEqualTo("BAD");
                assertThat(reply.text()).as(command).doesNotContain("Exception").doesNotContain("at org.");
            }
            r = raw(w, "L5", "L5 NOOP \u0001\r\n");
            assertThat(r.status()).isEqualTo("BAD");
            r = raw(w, "L7", "L7 LIST \"\" \"\u00ff\u00fe\"\r\n");
            assertThat(r.status()).as("a name that is not UTF-8").isEqualTo("BAD");
            r = raw(w, "L6", "\r\nL6 NOOP\r\n");
            assertThat(r.ok()).isTrue();
            assertThat(r.untagged()).anyMatch(l -> l.text().startsWith("* BAD"));
            assertThat(w.send("UID FETCH 99999 FLAGS").lines("")).as("a UID that does not exist is no error").isEmpty();
            usable(w);

            // Broken MIME: stored as sent, served back byte-exact, structure requests still answered.
            List<byte[]> broken = List.of(
                    bytes("Subject: unclosed\r\nContent-Type: multipart/mixed; boundary=\"zz\"\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\npart without end\r\n"),
                    bytes("Subject: bad base64\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not*base64@@@\r\n===\r\n"),
                    latin1("Subject: caf\u00e9\r\nThis line is not a header\r\nX-Bin: \u0080\u0081\u00fe\r\n\r\nbody \u00ff\r\n"),
                    bytes("Subject: no boundary\r\nContent-Type: multipart/alternative\r\n\r\n--x\r\nhello\r\n--x--\r\n"),
                    bytes("Subject: bare newlines\nContent-Type: text/plain; charset=\"unterminated\n\n" + "z".repeat(100_000) + "\n"),
                    bytes("Subject: only a header, no body, no blank line"),
                    bytes("Content-Type: ;;;===\"\r\nMIME-Version: 9.9\r\n\r\n\r\n"),
                    bytes("Subject: deep\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: message/rfc822\r\n\r\n"
                            + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n"));
            List<Long> uids = new ArrayList<>();
            for (byte[] message : broken) {
                ImapWire.Reply a = w.append("INBOX", "", message);
                assertThat(a.ok()).as(a.toString()).isTrue();
                uids.add(Long.parseLong(a.code("APPENDUID").split(" ")[1]));
            }
            for (int i = 0; i < broken.size(); i++) {
                ImapWire.Reply f = w.send("UID FETCH " + uids.get(i) + " (BODY.PEEK[] BODYSTRUCTURE ENVELOPE)");
                assertThat(f.ok()).as(f.toString()).isTrue();
                assertThat(f.untagged()).hasSize(1);
                assertThat(f.untagged().getFirst().literals().getFirst().bytes()).as("message %d byte-exact", i).isEqualTo(broken.get(i));
                ImapWire.Reply part = w.send("UID FETCH " + uids.get(i) + " (BODY.PEEK[1] BODY.PEEK[1.MIME] BODY.PEEK[2.1.TEXT])");
                assertThat(part.status()).as(part.toString()).isIn("OK", "NO");
            }
            ImapWire.Reply first = w.send("UID FETCH 1 (BODY.PEEK[])");
            assertThat(first.untagged().getFirst().literals().getFirst().bytes()).as("nothing lost").isEqualTo(kept);
            assertThat(w.send("SEARCH ALL").lines("SEARCH").getFirst().substring("SEARCH ".length()).split(" ")).hasSize(1 + broken.size());
        }
    }

    private static ImapWire.Reply raw(ImapWire w, String tag, String bytes) throws IOException {
        w.raw(bytes.getBytes(StandardCharsets.ISO_8859_1));
        return w.awaitTagged(tag);
    }

    private static void usable(ImapWire w) throws IOException {
        assertThat(w.send("NOOP").ok()).as("the connection is still usable").isTrue();
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    private static byte[] latin1(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    // ------------------------------------------------------------------ durability

    @Test
    void kill9_duringAppendFlood_everyAcknowledgedAppendSurvivesByteExactAndIsSearchable() throws Exception {
        int connections = 4;
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();   // UID -> SHA-256 of the whole message
        AtomicInteger count = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        long uidValidity;
        try (ImapWire w = ImapWire.login(imaps(), "flood@example.com", PASSWORD)) {
            ImapWire.Reply s = w.send("SELECT INBOX");
            uidValidity = Long.parseLong(s.lines("OK [UIDVALIDITY").getFirst().replaceAll("\\D+", " ").trim().split(" ")[0]);
        }
        List<Thread> flood = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Random random = new Random(c);
            flood.add(Thread.ofVirtual().name("flood-" + c).start(() -> {
                try (ImapWire w = ImapWire.login(imaps(), "flood@example.com", PASSWORD)) {
                    while (true) {
                        byte[] message = floodMessage(random);
                        ImapWire.Reply r = w.append("INBOX", "", message);
                        if (!r.ok()) throw new AssertionError("APPEND refused: " + r);
                        String[] code = r.code("APPENDUID").split(" ");
                        if (Long.parseLong(code[0]) != uidValidity) throw new AssertionError("UIDVALIDITY changed: " + r);
                        acknowledged.put(Long.parseLong(code[1]), ImapWire.sha256Hex(message));
                        count.incrementAndGet();
                    }
                } catch (IOException e) {
                    // The server was killed under this connection: expected.
                } catch (Throwable t) {
                    unexpected.add(t);
                }
            }));
        }
        Instant deadline = Instant.now().plusSeconds(60);
        while (count.get() < 120 && unexpected.isEmpty() && Instant.now().isBefore(deadline)) LockSupport.parkNanos(20_000_000);
        assertThat(count.get()).as("acknowledged appends before the kill").isGreaterThanOrEqualTo(120);
        server.kill9();
        for (Thread t : flood) assertThat(t.join(Duration.ofSeconds(30))).isTrue();
        assertThat(unexpected).isEmpty();
        Map<Long, String> acked = new HashMap<>(acknowledged);

        server.restart();
        try (ImapWire w = ImapWire.login(imaps(), "flood@example.com", PASSWORD)) {
            ImapWire.Reply s = w.send("SELECT INBOX");
            assertThat(s.lines("OK [UIDVALIDITY").getFirst()).contains(Long.toString(uidValidity));
            ImapWire.Reply all = w.send("UID FETCH 1:* (UID BODY.PEEK[])");
            assertThat(all.ok()).isTrue();
            Map<Long, String> stored = new HashMap<>();
            Map<Long, String> tokens = new HashMap<>();
            Pattern uidPattern = Pattern.compile("UID (\\d+)");
            for (ImapWire.Line l : all.untagged()) {
                if (!l.text().contains(" FETCH ")) continue;
                Matcher m = uidPattern.matcher(l.text());
                assertThat(m.find()).isTrue();
                long uid = Long.parseLong(m.group(1));
                byte[] message = l.literals().getFirst().bytes();
                String text = new String(message, StandardCharsets.US_ASCII);
                Matcher sha = HEADER_SHA.matcher(text);
                Matcher token = HEADER_TOKEN.matcher(text);
                assertThat(sha.find() && token.find()).as("UID %d has its headers", uid).isTrue();
                int body = text.indexOf("\r\n\r\n") + 4;
                assertThat(ImapWire.sha256Hex(java.util.Arrays.copyOfRange(message, body, message.length)))
                        .as("UID %d is whole (embedded hash)", uid).isEqualTo(sha.group(1));
                stored.put(uid, ImapWire.sha256Hex(message));
                tokens.put(uid, token.group(1));
            }
            for (Map.Entry<Long, String> e : acked.entrySet()) {
                assertThat(stored.get(e.getKey())).as("acknowledged UID %d after the restart", e.getKey()).isEqualTo(e.getValue());
            }
            for (Map.Entry<Long, String> e : tokens.entrySet()) {
                List<String> hits = w.send("UID SEARCH TEXT " + e.getValue()).lines("SEARCH");
                assertThat(hits).as("index finds UID %d", e.getKey()).containsExactly("SEARCH " + e.getKey());
            }
        }
    }

    /** A message of 1 to 48 KB whose body hash is in its header, with a word no other message has. */
    private static byte[] floodMessage(Random random) {
        StringBuilder token = new StringBuilder("zq");
        for (int i = 0; i < 14; i++) token.append((char) ('a' + random.nextInt(26)));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int lines = 10 + random.nextInt(600);
        String[] words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"};
        for (int i = 0; i < lines; i++) {
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < 10; j++) line.append(words[random.nextInt(words.length)]).append(' ');
            if (i == lines / 2) line.append(token).append(' ');
            body.writeBytes(line.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        }
        byte[] b = body.toByteArray();
        String head = "From: flood@example.com\r\nTo: flood@example.com\r\nSubject: flood " + token + "\r\nX-Token: " + token
                + "\r\nX-Body-SHA256: " + ImapWire.sha256Hex(b) + "\r\n\r\n";
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        all.writeBytes(b);
        return all.toByteArray();
    }
}
