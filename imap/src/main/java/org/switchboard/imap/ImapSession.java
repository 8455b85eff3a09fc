package org.switchboard.imap;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.switchboard.core.auth.Principal;
import org.switchboard.core.session.ConnectedSessions;
import org.switchboard.core.auth.sasl.SaslMechanisms;
import org.switchboard.core.log.LogKind;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.imap.codec.ImapRequestReader;
import org.switchboard.imap.codec.ImapResponseWriter;
import org.switchboard.imap.codec.ImapResponseWriter.Status;
import org.switchboard.imap.codec.ReaderEvent;
import org.switchboard.imap.handler.Commands;

/**
 * One IMAP connection: reads events from the codec, checks the state, hands each command to its
 * handler and owns everything per connection — state, enabled extensions, the saved search result,
 * TLS and compression of the streams. Runs on the connection's virtual thread; during IDLE a second
 * thread writes updates while this one only waits for DONE, and the two hand over by join.
 * Handlers use the public methods; nothing outside this module can create a session.
 */
public final class ImapSession {
    // Every connection keeps this for its lifetime, idle ones included; the connection's input is buffered
    // already and message literals bypass it, so command lines are all it has to hold.
    private static final int BUFFER_BYTES = 4 * 1024;
    private static final long IDLE_POLL_MILLIS = 30_000;

    private final ImapContext context;
    private final ImapChannel channel;
    private final Commands commands;
    private final ImapRequestReader reader;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).flip();
    private InputStream in;
    private OutputStream out;
    private ImapResponseWriter writer;
    private ImapState state = new ImapState.NotAuthenticated();
    private final Set<String> enabled = new LinkedHashSet<>();
    private boolean condstore;
    private boolean compressed;
    private List<Long> savedResult = List.of();
    private ConnectedSessions.Handle live;
    private Object pendingAppend;

    ImapSession(ImapContext context, ImapChannel channel, Commands commands) {
        this.context = context;
        this.channel = channel;
        this.commands = commands;
        this.reader = new ImapRequestReader(context.limits());
        this.in = channel.input();
        this.out = channel.output();
        this.writer = new ImapResponseWriter(out);
    }

    /** Serves the connection until LOGOUT, end of input or an I/O failure. */
    void run() throws IOException {
        try {
            writer.status(null, Status.OK, "CAPABILITY " + capabilities(), "Switchboard IMAP server ready");
            writer.flush();
            while (!(state instanceof ImapState.Logout)) {
                ReaderEvent event = nextEvent();
                if (event == null) break;
                handle(event);
                writer.flush();
            }
        } catch (SocketTimeoutException e) {
            // RFC 9051 §7.1.5: tell the client why before closing.
            try {
                writer.status(null, Status.BYE, null, "Autologout; idle for too long");
                writer.flush();
            } catch (IOException ignored) {
                // The peer is gone as well.
            }
        } finally {
            end();
        }
    }

    private void handle(ReaderEvent event) throws IOException {
        switch (event) {
            case ReaderEvent.Request r -> execute(r.request());
            case ReaderEvent.Rejected r -> {
                if (pendingAppend != null) commands.abandonAppend(this);
                writer.status(r.tag(), r.no() ? Status.NO : Status.BAD, r.code(), r.text());
            }
            case ReaderEvent.Continue c -> writer.continuation("Ready for literal data");
            case ReaderEvent.MessageLiteral m -> commands.message(this, m);
            case ReaderEvent.Line l -> writer.status(null, Status.BAD, null, "unexpected line");
            case ReaderEvent.NeedInput n -> throw new IllegalStateException("handled in nextEvent");
        }
    }

    private void execute(ImapRequest request) throws IOException {
        if (!state.allows(request)) {
            if (pendingAppend != null) commands.abandonAppend(this);
            writer.status(request.tag(), Status.BAD, null, request.command() + " is not allowed in the " + state.describe() + " state");
            return;
        }
        commands.execute(this, request);
    }

    // ------------------------------------------------------------------ for handlers: responses

    public ImapResponseWriter out() { return writer; }

    /** Tagged OK after the pending mailbox updates this command may carry (see {@link SelectedMailbox}). */
    public void ok(ImapRequest request, String code, String text) throws IOException {
        syncSelected(request);
        writer.status(request.tag(), Status.OK, code, text);
    }

    public void no(ImapRequest request, String code, String text) throws IOException {
        syncSelected(request);
        writer.status(request.tag(), Status.NO, code, text);
    }

    public void bad(ImapRequest request, String text) throws IOException {
        writer.status(request.tag(), Status.BAD, null, text);
    }

    /** Applies pending changes of the selected mailbox as far as {@code request} allows. */
    public void syncSelected(ImapRequest request) throws IOException {
        if (state instanceof ImapState.Selected s) s.mailbox().sync(writer, expungeAllowed(request), reporting());
    }

    /** RFC 9051 §7.5.1: no EXPUNGE while responding to FETCH, STORE or SEARCH (SORT and THREAD return numbers too). */
    static boolean expungeAllowed(ImapRequest request) {
        return switch (request) {
            case ImapRequest.Fetch f -> f.uid();
            case ImapRequest.Store s -> s.uid();
            case ImapRequest.Search s -> s.uid();
            case ImapRequest.Sort s -> s.uid();
            case ImapRequest.ThreadMessages t -> t.uid();
            default -> true;
        };
    }

    public SelectedMailbox.Reporting reporting() {
        return new SelectedMailbox.Reporting(condstore, enabled.contains("QRESYNC"));
    }

    // ------------------------------------------------------------------ for handlers: state

    public ImapContext context() { return context; }

    public ImapState state() { return state; }

    public Principal principal() {
        return switch (state) {
            case ImapState.Authenticated a -> a.principal();
            case ImapState.Selected s -> s.principal();
            default -> throw new IllegalStateException("not authenticated");
        };
    }

    /** The mail store account of the logged-in user (the directory user id). */
    public String account() { return principal().userId(); }

    public SelectedMailbox selected() {
        if (state instanceof ImapState.Selected s) return s.mailbox();
        throw new IllegalStateException("no mailbox selected");
    }

    public void loggedIn(Principal principal) {
        // First, so that a store failure leaves the session unauthenticated along with the NO it causes.
        context.store().ensureDefaultMailboxes(principal.userId());
        state = new ImapState.Authenticated(principal);
        live = context.sessions().register(channel.isSecure() ? "IMAPS" : "IMAP", principal.login(), channel.remoteAddress());
    }

    public void select(SelectedMailbox mailbox) {
        Principal p = principal();
        unselect();
        state = new ImapState.Selected(p, mailbox);
    }

    /** Back to the authenticated state; true when a mailbox was selected. */
    public boolean unselect() {
        if (state instanceof ImapState.Selected s) {
            s.mailbox().close();
            state = new ImapState.Authenticated(s.principal());
            return true;
        }
        return false;
    }

    public void logout() {
        unselect();
        state = new ImapState.Logout();
    }

    public InetAddress remoteAddress() { return channel.remoteAddress(); }

    public boolean isSecure() { return channel.isSecure(); }

    /** RFC 9051 §6.2.3 LOGINDISABLED: clear-text passwords only over TLS unless the admin allows them. */
    public boolean plaintextAllowed() {
        return channel.isSecure() || context.security().get().allowPlaintextWithoutTls();
    }

    // ------------------------------------------------------------------ extensions

    /** ENABLE (RFC 5161); returns whether {@code capability} was newly enabled. QRESYNC implies CONDSTORE. */
    public boolean enable(String capability) {
        boolean added = enabled.add(capability);
        switch (capability) {
            case "QRESYNC", "CONDSTORE" -> condstore = true;
            case "UTF8=ACCEPT", "IMAP4REV2" -> {
                // RFC 9051 §5.1 and RFC 6855 §3: UTF-8 names and strings from now on.
                reader.utf8Names(true);
                writer.utf8(true);
            }
            default -> { }
        }
        return added;
    }

    public boolean enabled(String capability) { return enabled.contains(capability); }

    public boolean rev2() { return enabled.contains("IMAP4REV2"); }

    public boolean condstore() { return condstore; }

    /**
     * RFC 7162 §3.1: a CONDSTORE-enabling command (FETCH MODSEQ, SEARCH MODSEQ, STORE UNCHANGEDSINCE...)
     * turns it on; in a selected mailbox the client then learns the HIGHESTMODSEQ.
     */
    public void enableCondstore() throws IOException {
        if (condstore) return;
        condstore = true;
        if (state instanceof ImapState.Selected s) {
            writer.untagged().raw("OK [HIGHESTMODSEQ " + s.mailbox().highestModseq() + "] Highest").end();
        }
    }

    /** RFC 5182 SEARCHRES: the UIDs of the last SEARCH ... RETURN (SAVE). */
    public List<Long> savedResult() { return savedResult; }

    public void saveResult(List<Long> uids) { savedResult = List.copyOf(uids); }

    public String capabilities() {
        List<String> caps = new ArrayList<>(List.of("IMAP4rev1", "IMAP4rev2"));
        if (state instanceof ImapState.NotAuthenticated) {
            if (channel.canStartTls()) caps.add("STARTTLS");
            if (plaintextAllowed()) {
                caps.add("AUTH=PLAIN");
                caps.add("AUTH=LOGIN");
            } else {
                caps.add("LOGINDISABLED");
            }
            caps.add("AUTH=SCRAM-SHA-256");
            if (context.security().get().storeReversibleSecrets()) caps.add("AUTH=CRAM-MD5");
            caps.add("SASL-IR");
        }
        caps.add(context.limits().literalMinus() ? "LITERAL-" : "LITERAL+");
        caps.addAll(List.of("ID", "ENABLE", "IDLE", "NAMESPACE", "UIDPLUS", "MOVE", "UNSELECT", "CHILDREN", "SPECIAL-USE",
                "CREATE-SPECIAL-USE", "LIST-EXTENDED", "LIST-STATUS", "CONDSTORE", "QRESYNC", "ESEARCH", "SEARCHRES", "SORT",
                "SORT=DISPLAY", "THREAD=ORDEREDSUBJECT", "THREAD=REFERENCES", "QUOTA", "QUOTA=RES-STORAGE", "QUOTA=RES-MESSAGE",
                "ACL", "RIGHTS=texk", "BINARY", "STATUS=SIZE", "UTF8=ACCEPT", "APPENDLIMIT=" + context.limits().maxMessageBytes()));
        if (!compressed) caps.add("COMPRESS=DEFLATE");
        return String.join(" ", caps);
    }

    /** Mechanisms offered now (RFC 9051 §6.2.2); PLAIN and LOGIN carry passwords in the clear. */
    public boolean offersMechanism(String name) {
        if (!SaslMechanisms.ALL.contains(name)) return false;
        return switch (name) {
            case "PLAIN", "LOGIN" -> plaintextAllowed();
            case "CRAM-MD5" -> context.security().get().storeReversibleSecrets();
            default -> true;
        };
    }

    // ------------------------------------------------------------------ for handlers: I/O

    /** The next client line as is (SASL responses), or null when it was too long; EOFException at end of input. */
    public byte[] readRawLine() throws IOException {
        writer.flush();
        reader.readRawLine();
        ReaderEvent e = nextEvent();
        if (e == null) throw new EOFException("client closed the connection");
        return e instanceof ReaderEvent.Line l ? l.bytes() : null;
    }

    /**
     * IDLE (RFC 2177, RFC 9051 §6.3.13): updates are written as they happen, by a second thread, until
     * the client sends DONE. Returns the line that ended IDLE (null when it was too long).
     */
    public byte[] idle() throws IOException {
        writer.continuation("idling");
        writer.flush();
        SelectedMailbox mailbox = state instanceof ImapState.Selected s ? s.mailbox() : null;
        AtomicBoolean stop = new AtomicBoolean();
        Thread notifier = null;
        if (mailbox != null) {
            SelectedMailbox.Reporting reporting = reporting();
            notifier = Thread.ofVirtual().name("imap-idle").start(() -> {
                try {
                    while (!stop.get()) {
                        mailbox.awaitChange(IDLE_POLL_MILLIS);
                        if (stop.get()) break;
                        // RFC 9051 §6.3.13: during IDLE every update is sent at once, EXPUNGE included.
                        mailbox.sync(writer, true, reporting);
                        writer.flush();
                    }
                } catch (IOException e) {
                    LogKind.debug("imap", "IDLE update to {} failed: {}", channel.remoteAddress().getHostAddress(), e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LogKind.ERROR.log("IMAP: IDLE update failed: {}", e.toString(), e);
                }
            });
        }
        try {
            reader.readRawLine();
            // The notifier owns the writer until it is joined, so this read must not flush.
            ReaderEvent e = nextEvent(false);
            if (e == null) throw new EOFException("client closed the connection during IDLE");
            return e instanceof ReaderEvent.Line l ? l.bytes() : null;
        } finally {
            stop.set(true);
            if (notifier != null) {
                mailbox.wake();
                join(notifier);
            }
        }
    }

    private static void join(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * The {@code size} bytes of an APPEND message literal as a stream: first what is buffered, then the
     * connection. Closing it does not drain it; {@link #drain} does.
     */
    public InputStream literal(long size) {
        return new LiteralInput(size);
    }

    /** Reads and discards what is left of a literal stream (a refused or failed APPEND). */
    public void drain(InputStream literal) throws IOException {
        byte[] scratch = new byte[8192];
        while (literal.read(scratch) >= 0) {
            // Discarded: the client sent the bytes and they must leave the stream before the next command.
        }
    }

    public ImapRequestReader reader() { return reader; }

    public Object pendingAppend() { return pendingAppend; }

    public void pendingAppend(Object state) { pendingAppend = state; }

    /**
     * STARTTLS after its tagged OK (RFC 9051 §6.2.1). Commands pipelined behind STARTTLS arrived in
     * clear text and must not pass as protected (CVE-2021-38542 family), so the handler refuses first
     * when {@link #inputPending()}.
     */
    public void startTls() throws IOException {
        writer.flush();
        channel.startTls();
    }

    public boolean canStartTls() { return channel.canStartTls(); }

    /** Bytes already received beyond the current command. */
    public boolean inputPending() { return buffer.hasRemaining() || reader.holdsPartialCommand(); }

    public boolean compressed() { return compressed; }

    /**
     * COMPRESS=DEFLATE (RFC 4978 §3) after its tagged OK: raw deflate both ways, a sync flush at every
     * flush. Bytes already received after the command are compressed data and go through the inflater.
     */
    public void startCompression() throws IOException {
        writer.flush();
        byte[] pending = new byte[buffer.remaining()];
        buffer.get(pending);
        buffer.clear().flip();
        InputStream raw = channel.input();
        in = new InflaterInputStream(pending.length == 0 ? raw : new SequenceInputStream(new ByteArrayInputStream(pending), raw),
                new Inflater(true), 8192);
        out = new BufferedOutputStream(new DeflaterOutputStream(channel.output(), new Deflater(Deflater.DEFAULT_COMPRESSION, true), 8192, true), 8192);
        boolean utf8 = writer.utf8();
        writer = new ImapResponseWriter(out);
        writer.utf8(utf8);
        compressed = true;
    }

    // ------------------------------------------------------------------ input

    private ReaderEvent nextEvent() throws IOException {
        return nextEvent(true);
    }

    /** The next codec event, reading as needed; null at end of input. Output is flushed before blocking. */
    private ReaderEvent nextEvent(boolean flush) throws IOException {
        while (true) {
            ReaderEvent e = reader.next(buffer);
            if (!(e instanceof ReaderEvent.NeedInput)) return e;
            if (flush) writer.flush();
            if (!fill()) return null;
        }
    }

    private boolean fill() throws IOException {
        buffer.compact();
        try {
            int n = in.read(buffer.array(), buffer.position(), buffer.remaining());
            if (n < 0) return false;
            buffer.position(buffer.position() + n);
            return true;
        } finally {
            buffer.flip();
        }
    }

    private void end() {
        if (pendingAppend != null) commands.abandonAppend(this);
        unselect();
        if (live != null) live.close();
    }

    /** Exactly {@code size} bytes of the input, buffered bytes first. */
    private final class LiteralInput extends InputStream {
        private long left;

        LiteralInput(long size) {
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (left == 0) return -1;
            if (length == 0) return 0;
            int max = (int) Math.min(length, left);
            int n;
            if (buffer.hasRemaining()) {
                n = Math.min(max, buffer.remaining());
                buffer.get(target, offset, n);
            } else {
                n = in.read(target, offset, max);
                if (n < 0) throw new EOFException("client closed the connection inside a literal");
            }
            left -= n;
            return n;
        }
    }
}
