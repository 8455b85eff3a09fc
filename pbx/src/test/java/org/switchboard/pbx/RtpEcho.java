package org.switchboard.pbx;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The media end of a test phone whose signalling SIPp plays: a UDP socket that counts the RTP the relay sends it
 * and sends every packet straight back, as a talking phone would, so the relay hears from it too.
 */
final class RtpEcho implements AutoCloseable {
    private final DatagramSocket socket;
    final AtomicInteger received = new AtomicInteger();
    final AtomicInteger sent = new AtomicInteger();

    RtpEcho() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("rtp-echo-" + socket.getLocalPort()).start(this::run);
    }

    int port() { return socket.getLocalPort(); }

    private void run() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                received.incrementAndGet();
                socket.send(new DatagramPacket(buf, p.getLength(), p.getSocketAddress()));
                sent.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() { socket.close(); }
}
