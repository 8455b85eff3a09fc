package org.switchboard.net;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.switchboard.core.log.LogKind;

/**
 * One accepted peer as a protocol handler sees it: line framing, raw byte streams, STARTTLS.
 * Reading, writing and {@link #close()} belong to the handler's thread; only the listener's
 * {@code abort()} (stop, stalled writes) comes from others. The streams returned by {@link #input()} and
 * {@link #output()} stay valid across {@link #upgradeToTls()}: only their source underneath changes.
 * Text is UTF-8 (RFC 6531/RFC 9051 allow it; 7-bit ASCII is a subset).
 */
public final class Connection implements Closeable {
    private static final byte[] CRLF = {'\r', '\n'};

    private final String service;
    private final Socket raw;
    private final SSLContext tls;
    private final int maxLineLength;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final LineInput in;
    private final Relay relay;
    private final OutputStream out;
    private volatile Socket socket;

    Connection(String service, Socket raw, SSLContext tls, int maxLineLength) throws IOException {
        this.service = service;
        this.raw = raw;
        this.socket = raw;
        this.tls = tls;
        this.maxLineLength = maxLineLength;
        this.remote = (InetSocketAddress) raw.getRemoteSocketAddress();
        this.local = (InetSocketAddress) raw.getLocalSocketAddress();
        this.in = new LineInput(raw.getInputStream());
        this.relay = new Relay(raw.getOutputStream());
        this.out = new BufferedOutputStream(relay, 8192);
    }

    public String service() { return service; }

    public InetSocketAddress remote() { return remote; }

    public InetSocketAddress local() { return local; }

    public boolean isSecure() { return socket instanceof SSLSocket; }

    public Optional<SSLSession> tlsSession() {
        return socket instanceof SSLSocket s ? Optional.of(s.getSession()) : Optional.empty();
    }

    /** Whether {@link #upgradeToTls()} can work now: a certificate is configured and TLS is not on yet. */
    public boolean canUpgradeToTls() { return tls != null && !isSecure(); }

    /**
     * The next line without its CRLF (or bare LF, see {@link #lastLineHadBareLf()}), decoded as UTF-8;
     * null at end of stream.
     *
     * @throws LineTooLongException the line exceeded maxLineLength; it has been discarded up to its LF
     * @throws java.net.SocketTimeoutException nothing arrived within the idle timeout
     */
    public String readLine() throws IOException {
        byte[] line = in.readLine(maxLineLength);
        return line == null ? null : new String(line, StandardCharsets.UTF_8);
    }

    /** Same framing as {@link #readLine()}, bytes untouched (8BITMIME, binary-safe protocols). */
    public byte[] readLineBytes() throws IOException {
        return in.readLine(maxLineLength);
    }

    /**
     * Whether the last line ended in LF without CR. Tolerated here; protocols that must reject it
     * (SMTP smuggling, RFC 5321 §2.3.8) look at this flag.
     */
    public boolean lastLineHadBareLf() { return in.lastLineHadBareLf(); }

    /** Buffered; shares its buffer with {@link #readLine()}. */
    public InputStream input() { return in; }

    /** Buffered; call flush (or use {@link #writeLine}) before waiting for the peer. */
    public OutputStream output() { return out; }

    /**
     * Sends {@code line} plus CRLF and flushes.
     *
     * @throws IllegalArgumentException the line contains CR or LF, which would let echoed input inject replies
     */
    public void writeLine(String line) throws IOException {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("reply line contains CR or LF");
        }
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write(CRLF);
        out.flush();
    }

    /**
     * STARTTLS (RFC 3207 §4, RFC 2595 §3.1, RFC 9051 §6.2.1): call after sending the "go ahead" reply.
     * Refuses if the peer already sent bytes after the command, because they arrived in plaintext and
     * must not be treated as the first protected command (RFC 3207 §6, CVE-2021-38542).
     *
     * @throws TlsUpgradeException nothing was changed; the session may answer in plaintext
     * @throws IOException the handshake failed; the connection is closed
     */
    public void upgradeToTls() throws IOException {
        if (isSecure()) throw new TlsUpgradeException("TLS is already active");
        if (tls == null) throw new TlsUpgradeException("TLS is not configured for " + service);
        int pending = in.buffered();
        if (pending > 0) {
            LogKind.SECURITY.log("{}: STARTTLS from {} refused: {} bytes were sent before the TLS handshake (command injection)",
                    service, remote.getAddress().getHostAddress(), pending);
            throw new TlsUpgradeException("STARTTLS refused: " + pending + " bytes were sent before the TLS handshake");
        }
        out.flush();
        handshake();
    }

    /** Idle limit for reads from now on; {@link Duration#ZERO} waits forever. */
    public void setIdleTimeout(Duration timeout) {
        try {
            socket.setSoTimeout(timeoutMillis(timeout));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes what the handler left in the output buffer, closes TLS properly, then the socket. */
    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException ignored) {
            // The peer is gone; the unsent bytes have no reader.
        }
        try {
            // A TLS close sends close_notify, which can block on a peer that stopped reading like any write.
            relay.writeStarted = stamp();
            socket.close();
        } catch (IOException ignored) {
            // Closing a socket the peer already dropped; there is no one left to tell.
        } finally {
            relay.writeStarted = 0;
            abort();
        }
    }

    /** Implicit TLS: the handshake before the handler sees the connection. */
    void startImplicitTls() throws IOException {
        handshake();
    }

    /** Drops the TCP connection without a TLS close_notify; unblocks a handler stuck in read or write. */
    void abort() {
        try {
            raw.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    /** How long the current write has been blocked, in nanoseconds; 0 when no write is in progress. */
    long writeBlockedNanos(long now) {
        long started = relay.writeStarted;
        return started == 0 ? 0 : now - started;
    }

    String remoteAddress() { return remote.getAddress().getHostAddress(); }

    Socket rawSocket() { return raw; }

    static int timeoutMillis(Duration timeout) {
        if (timeout.isZero()) return 0;
        // A positive sub-millisecond timeout must not become 0, which means "forever".
        return Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE);
    }

    /** A nanoTime that is never 0, which marks "no write in progress". */
    private static long stamp() {
        long now = System.nanoTime();
        return now == 0 ? 1 : now;
    }

    private void handshake() throws IOException {
        SSLSocket secured = ServerTls.layer(tls, socket);
        try {
            secured.startHandshake();
        } catch (IOException e) {
            abort();
            throw e;
        }
        socket = secured;
        in.replaceSource(secured.getInputStream());
        relay.target = secured.getOutputStream();
    }

    /**
     * Forwards to the current socket's output and records when a write started, so the listener can
     * drop peers that stop reading (a blocked socket write has no timeout of its own).
     */
    private static final class Relay extends OutputStream {
        volatile OutputStream target;
        volatile long writeStarted;

        Relay(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            writeStarted = stamp();
            try {
                target.write(bytes, offset, length);
            } finally {
                writeStarted = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        /** The connection owns the socket; closing the stream view only flushes. */
        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
