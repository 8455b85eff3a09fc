package org.switchboard.pbx.sip.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import org.switchboard.core.log.LogKind;

/**
 * SIP over UDP on one socket (RFC 3261 §18): one virtual thread receives datagrams and hands them to
 * {@link SipTransports}; any thread may send (DatagramChannel sends are thread-safe). A datagram larger than the
 * message limit is dropped with a Debug line, never truncated into something else.
 */
public final class UdpTransport implements AutoCloseable {
    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final SipTransports owner;
    private final Thread reader;

    UdpTransport(InetSocketAddress bind, SipTransports owner) throws IOException {
        this.owner = owner;
        this.channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channel.bind(bind);
        } catch (IOException e) {
            channel.close();
            throw new IOException("sip-udp: cannot listen on " + bind + ": " + e.getMessage(), e);
        }
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.reader = Thread.ofVirtual().name("sip-udp-" + local.getPort()).start(this::receiveLoop);
    }

    public InetSocketAddress local() { return local; }

    boolean send(byte[] bytes, InetSocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(bytes), to);
            return true;
        } catch (IOException e) {
            LogKind.debug("sip", "UDP send to {} failed: {}", to, e.toString());
            return false;
        }
    }

    private void receiveLoop() {
        int limit = owner.limits().maxMessageBytes();
        ByteBuffer buffer = ByteBuffer.allocate(limit + 1);
        while (channel.isOpen()) {
            InetSocketAddress from;
            try {
                buffer.clear();
                from = (InetSocketAddress) channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LogKind.debug("sip", "UDP receive failed: {}", e.toString());
                continue;
            }
            if (from == null) continue;
            if (buffer.position() > limit) {
                LogKind.debug("sip", "UDP datagram from {} over {} bytes dropped", from, limit);
                continue;
            }
            byte[] data = new byte[buffer.position()];
            buffer.flip().get(data);
            owner.receiveDatagram(data, Flow.udp(from, local), this);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing is all we wanted.
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
