package org.switchboard.imap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A client connected to an {@link ImapSession} through in-memory pipes, no socket: the session runs on
 * its own virtual thread exactly as under the listener. Lines are read with a deadline.
 */
final class InMemoryConnection implements AutoCloseable {
    private final BytePipe toServer = new BytePipe();
    private final BytePipe toClient = new BytePipe();
    private final Thread server;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    InMemoryConnection(ImapService service, boolean secure) {
        ImapChannel channel = new ImapChannel() {
            @Override public InputStream input() { return toServer.in; }
            @Override public OutputStream output() { return toClient.out; }
            @Override public InetAddress remoteAddress() { return InetAddress.getLoopbackAddress(); }
            @Override public boolean isSecure() { return secure; }
            @Override public boolean canStartTls() { return false; }
            @Override public void startTls() throws IOException { throw new IOException("no TLS in memory"); }
            @Override public void setIdleTimeout(Duration timeout) { }
        };
        server = Thread.ofVirtual().name("imap-test-session").start(() -> {
            try {
                service.serve(channel);
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                toClient.close();
            }
        });
    }

    void send(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        toServer.out.write(bytes);
    }

    /** The next line without CRLF, or null at end of stream; fails after {@code timeout}. */
    String readLine(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b;
            try {
                b = readByte(deadline);
            } catch (IOException e) {
                throw new IOException("no complete line within " + timeout + "; got '" + line + "'");
            }
            if (b < 0) return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
    }

    /** Exactly n bytes (literal content). */
    byte[] readBytes(int n, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            int b = readByte(deadline);
            if (b < 0) throw new IOException("stream ended inside a literal");
            out[i] = (byte) b;
        }
        return out;
    }

    private int readByte(long deadline) throws IOException {
        int b = toClient.read(deadline);
        if (b == -2) throw new IOException("timed out waiting for the server");
        return b;
    }

    Throwable serverFailure() { return failure.get(); }

    boolean serverEnded() { return !server.isAlive(); }

    @Override
    public void close() throws InterruptedException {
        toServer.close();
        server.join(Duration.ofSeconds(5));
    }
}
