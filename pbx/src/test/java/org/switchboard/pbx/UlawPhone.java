package org.switchboard.pbx;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.switchboard.pbx.media.G711;

/**
 * The media end of a test phone that has only µ-law (PCMU): for every packet the relay sends it, it answers with one
 * packet of its own (payload type 0, its own SSRC, 160 codes that step through all 256), and it tells apart what it
 * hears: the other party's audio, and its own packets coming back after the far end echoed them, whose payload
 * must be what G.711's µ-law -> A-law -> µ-law conversion makes of what it sent. Counters are read by the test.
 */
final class UlawPhone implements AutoCloseable {
    static final int SSRC = 0x5EB0A11;
    private final DatagramSocket socket;
    final AtomicInteger fromOther = new AtomicInteger();
    final AtomicInteger echoed = new AtomicInteger();
    final AtomicInteger echoedIntact = new AtomicInteger();
    final AtomicInteger notPcmu = new AtomicInteger();
    final AtomicInteger sent = new AtomicInteger();

    UlawPhone() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("ulaw-phone-" + socket.getLocalPort()).start(this::run);
    }

    int port() { return socket.getLocalPort(); }

    static byte code(int sequence, int i) { return (byte) (sequence * 160 + i); }

    private void run() {
        byte[] buf = new byte[2048];
        byte[] out = new byte[12 + 160];
        int sequence = 0;
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return;
            }
            if (p.getLength() < 12) continue;
            if ((buf[1] & 0x7F) != G711.PCMU) notPcmu.incrementAndGet();
            ByteBuffer h = ByteBuffer.wrap(buf, 0, 12);
            if (h.getInt(8) != SSRC) {
                fromOther.incrementAndGet();
                ByteBuffer.wrap(out).put((byte) 0x80).put((byte) G711.PCMU).putShort((short) sequence).putInt(sequence * 160).putInt(SSRC);
                for (int i = 0; i < 160; i++) out[12 + i] = code(sequence, i);
                sequence++;
                try {
                    socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                    sent.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
                continue;
            }
            echoed.incrementAndGet();
            int seq = h.getShort(2) & 0xFFFF;
            boolean intact = p.getLength() == out.length;
            for (int i = 0; intact && i < 160; i++) intact = buf[12 + i] == G711.alawToUlaw(G711.ulawToAlaw(code(seq, i)));
            if (intact) echoedIntact.incrementAndGet();
        }
    }

    @Override
    public void close() { socket.close(); }
}
