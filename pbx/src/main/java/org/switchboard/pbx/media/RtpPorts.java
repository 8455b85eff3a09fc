package org.switchboard.pbx.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The configured RTP port range (guide §25.2.2): hands out pairs of UDP sockets on an even RTP port and the next
 * odd RTCP port (RFC 3550 §11). Ports busy in another process are skipped. Thread-safe; the lock is held only
 * while choosing a port, not while binding.
 */
public final class RtpPorts {
    /** An RTP socket and its RTCP companion. */
    public record Pair(DatagramChannel rtp, DatagramChannel rtcp, int port) {}

    private final String bindAddress;
    private final Deque<Integer> free = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();

    public RtpPorts(String bindAddress, int min, int max) {
        this.bindAddress = bindAddress;
        for (int p = min % 2 == 0 ? min : min + 1; p + 1 <= max; p += 2) free.add(p);
    }

    public int available() {
        lock.lock();
        try {
            return free.size();
        } finally {
            lock.unlock();
        }
    }

    /** A bound pair, or an IOException when the range is exhausted. */
    public Pair allocate() throws IOException {
        int attempts = available();
        for (int i = 0; i < attempts; i++) {
            Integer port;
            lock.lock();
            try {
                port = free.pollFirst();
            } finally {
                lock.unlock();
            }
            if (port == null) break;
            DatagramChannel rtp = null;
            try {
                rtp = open(port);
                DatagramChannel rtcp = open(port + 1);
                return new Pair(rtp, rtcp, port);
            } catch (IOException e) {
                if (rtp != null) rtp.close();
                release(port);          // in use elsewhere now; try it again later
            }
        }
        throw new IOException("no free RTP ports in the configured range");
    }

    public void release(Pair pair) {
        try {
            pair.rtp().close();
            pair.rtcp().close();
        } catch (IOException ignored) {
            // Closing only.
        }
        release(pair.port());
    }

    private void release(int port) {
        lock.lock();
        try {
            free.addLast(port);
        } finally {
            lock.unlock();
        }
    }

    private DatagramChannel open(int port) throws IOException {
        DatagramChannel c = DatagramChannel.open();
        try {
            c.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
            c.bind(new InetSocketAddress(bindAddress, port));
            return c;
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }
}
