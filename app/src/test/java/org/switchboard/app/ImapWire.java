package org.switchboard.app;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;

/**
 * A raw IMAP client over implicit TLS for the acceptance tests and the benchmark: commands go out one at
 * a time; a virtual reader thread parses every response (literals included) into a queue and marks
 * whether a command was in progress when it arrived, so a checker can tell unsolicited data apart.
 * Literals above {@link #KEEP_BYTES} are only hashed, so a 50 MB FETCH does not fill the test's heap.
 * Not thread-safe: one caller thread per connection.
 */
final class ImapWire implements AutoCloseable {
    static final int KEEP_BYTES = 8 << 20;
    private static final Pattern LITERAL = Pattern.compile("~?\\{(\\d+)}$");
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A literal inside a response: its bytes when small, always its length and SHA-256. */
    record Literal(long size, byte[] bytes, String sha256) {
        String text() { return new String(bytes, StandardCharsets.UTF_8); }
    }

    /**
     * One response: the text with each literal replaced by {@code {n}}, the literals, and whether a command
     * was in progress when it arrived. {@code eof} marks the end of the connection.
     */
    record Line(String text, List<Literal> literals, boolean duringCommand, boolean eof) {
        boolean untagged() { return text.startsWith("* "); }
    }

    /** A command's outcome: the tagged status line and the untagged responses received since the last command. */
    record Reply(String tag, String status, String text, List<Line> untagged) {
        boolean ok() { return status.equals("OK"); }

        /** Untagged lines (without "* ") that start with {@code prefix}. */
        List<String> lines(String prefix) {
            List<String> out = new ArrayList<>();
            for (Line l : untagged) if (l.text().startsWith("* " + prefix)) out.add(l.text().substring(2));
            return out;
        }

        /** The response code's arguments, e.g. {@code code("APPENDUID")} of "OK [APPENDUID 7 12] ..." is "7 12". */
        String code(String name) {
            Matcher m = Pattern.compile("^\\[" + name + " ([^]]*)]").matcher(text);
            return m.find() ? m.group(1) : null;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (Line l : untagged) b.append(l.text()).append('\n');
            return b.append(tag).append(' ').append(status).append(' ').append(text).toString();
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final BlockingQueue<Line> queue = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean inCommand;
    private int tags;
    private String idleTag;

    private ImapWire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
        this.reader = Thread.ofVirtual().name("imap-wire-reader").start(this::readLoop);
        String greeting = next(WAIT).text();
        if (!greeting.startsWith("* OK")) throw new IOException("unexpected greeting: " + greeting);
    }

    /** Connects over implicit TLS without checking the (self-signed) certificate. */
    static ImapWire connect(int port) throws IOException {
        SSLSocket s = (SSLSocket) Api.trustAll().getSocketFactory().createSocket("127.0.0.1", port);
        s.setTcpNoDelay(true);
        s.startHandshake();
        return new ImapWire(s);
    }

    /** Connects and logs in; fails the caller when LOGIN is not OK. */
    static ImapWire login(int port, String user, String password) throws IOException {
        ImapWire w = connect(port);
        Reply r = w.send("LOGIN " + quote(user) + " " + quote(password));
        if (!r.ok()) throw new AssertionError("LOGIN failed: " + r);
        return w;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Sends one command (without tag and CRLF) and waits for its tagged response. */
    Reply send(String command) throws IOException {
        String tag = nextTag();
        inCommand = true;
        out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return awaitTagged(tag);
    }

    /** APPEND with a non-synchronizing literal (LITERAL+, RFC 7888); {@code flags} like "(\\Seen)" or "". */
    Reply append(String mailbox, String flags, byte[] message) throws IOException {
        return append(mailbox, flags, message.length, new java.io.ByteArrayInputStream(message));
    }

    /** APPEND streaming {@code size} bytes from {@code content}. */
    Reply append(String mailbox, String flags, long size, InputStream content) throws IOException {
        String tag = nextTag();
        inCommand = true;
        out.write((tag + " APPEND " + quote(mailbox) + (flags.isEmpty() ? "" : " " + flags) + " {" + size + "+}\r\n")
                .getBytes(StandardCharsets.UTF_8));
        content.transferTo(out);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return awaitTagged(tag);
    }

    /** Sends IDLE and waits for the continuation; untagged lines before it are returned. */
    List<Line> idle() throws IOException {
        String tag = nextTag();
        idleTag = tag;
        inCommand = true;
        out.write((tag + " IDLE\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        List<Line> before = new ArrayList<>();
        while (true) {
            Line l = next(WAIT);
            if (l.text().startsWith("+")) return before;
            if (l.text().startsWith(tag + " ")) throw new AssertionError("IDLE refused: " + l.text());
            before.add(l);
        }
    }

    /** The next response during IDLE, or null when none arrives within {@code wait}. */
    Line poll(Duration wait) throws IOException {
        try {
            Line l = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (l != null && l.eof()) throw new EOFException("server closed the connection");
            return l;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Ends IDLE (DONE) and returns the tagged response with the untagged lines that came meanwhile. */
    Reply done(List<Line> seen) throws IOException {
        out.write("DONE\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Reply r = awaitTagged(idleTag);
        List<Line> all = new ArrayList<>(seen);
        all.addAll(r.untagged());
        return new Reply(r.tag(), r.status(), r.text(), all);
    }

    /** Writes raw bytes as they are (bad input); the caller then awaits the tag it used. */
    void raw(byte[] bytes) throws IOException {
        inCommand = true;
        out.write(bytes);
        out.flush();
    }

    /** Collects responses until the tagged one for {@code tag}. */
    Reply awaitTagged(String tag) throws IOException {
        List<Line> untagged = new ArrayList<>();
        while (true) {
            Line l = next(WAIT);
            if (l.text().startsWith(tag + " ")) {
                inCommand = false;
                String rest = l.text().substring(tag.length() + 1);
                int sp = rest.indexOf(' ');
                return new Reply(tag, sp < 0 ? rest : rest.substring(0, sp), sp < 0 ? "" : rest.substring(sp + 1), untagged);
            }
            if (!l.untagged() && !l.text().startsWith("+")) throw new AssertionError("unexpected response while waiting for " + tag + ": " + l.text());
            untagged.add(l);
        }
    }

    String nextTag() { return "t" + (++tags); }

    private Line next(Duration wait) throws IOException {
        Line l = poll(wait);
        if (l == null) throw new AssertionError("no response within " + wait.toSeconds() + " s");
        return l;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already gone.
        }
        reader.interrupt();
    }

    private void readLoop() {
        try {
            while (true) {
                StringBuilder text = new StringBuilder();
                List<Literal> literals = new ArrayList<>();
                boolean during = false;
                while (true) {
                    String part = readLine();
                    if (part == null) {
                        if (text.isEmpty()) {
                            queue.add(new Line("", List.of(), false, true));
                            return;
                        }
                        throw new EOFException("connection ended inside a response");
                    }
                    if (text.isEmpty()) during = inCommand;
                    Matcher m = LITERAL.matcher(part);
                    if (!m.find() || part.startsWith("+ ")) {
                        text.append(part);
                        break;
                    }
                    text.append(part, 0, m.start()).append('{').append(m.group(1)).append('}');
                    literals.add(readLiteral(Long.parseLong(m.group(1))));
                }
                queue.add(new Line(text.toString(), List.copyOf(literals), during, false));
            }
        } catch (IOException e) {
            queue.add(new Line("", List.of(), false, true));
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            if (c == '\n' && prev == '\r') {
                byte[] b = line.toByteArray();
                return new String(b, 0, b.length - 1, StandardCharsets.UTF_8);
            }
            line.write(c);
            prev = c;
        }
    }

    private Literal readLiteral(long size) throws IOException {
        MessageDigest sha = sha256();
        ByteArrayOutputStream kept = size <= KEEP_BYTES ? new ByteArrayOutputStream((int) size) : null;
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new EOFException("connection ended inside a literal");
            sha.update(buf, 0, n);
            if (kept != null) kept.write(buf, 0, n);
            left -= n;
        }
        return new Literal(size, kept == null ? null : kept.toByteArray(), java.util.HexFormat.of().formatHex(sha.digest()));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(sha256().digest(bytes));
    }
}
