package org.switchboard.pbx.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.switchboard.core.log.LogKind;

/**
 * Media anchored in the exchange for one call: two sides, each with an RTP and an RTCP socket from the port range;
 * what A's phone sends to A's sockets goes out of B's to B's phone, and back. Peers come from the SDP, then latch to
 * the first packet's source (symmetric RTP, RFC 4961, for phones behind NAT). RTP is adapted to the receiving phone's
 * negotiated {@link RtpFormats} ({@link PayloadRoute}); RTCP passes. One virtual thread per socket; {@link #close}
 * ends them. A side can instead be attached to an {@link RtpEndpoint} (voicemail answers that phone). Thread-safe.
 */
public final class RtpRelay implements AutoCloseable {
    /** One side of the relay, facing one phone. */
    public final class Side {
        final RtpPorts.Pair sockets;
        volatile InetSocketAddress rtpPeer;
        volatile InetSocketAddress rtcpPeer;
        volatile boolean latched;
        /** The phone this side faced before a transfer: still-arriving packets from it are dropped, not latched. */
        volatile InetSocketAddress retiredRtp;
        volatile InetSocketAddress retiredRtcp;
        volatile RtpEndpoint endpoint;
        /** Where this side's packets go: the other side of this relay, a side of another call's relay, or nowhere. */
        volatile Side partner;
        /** What this side's phone negotiated (in its own payload numbers): how its packets are read and what it is sent. */
        volatile RtpFormats formats = RtpFormats.ANY;
        final AtomicLong packets = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();

        Side(RtpPorts.Pair sockets) {
            this.sockets = sockets;
        }

        /**
         * Bridges this side with a side of another relay (attended transfer): each forwards to the other, so both
         * phones keep the address and port they already send to and no re-INVITE is needed. The two sides'
         * former partners must be {@link #isolate isolated} by the caller.
         */
        public void join(Side other) {
            partner = other;
            other.partner = this;
        }

        /** Drops what this side receives from now on (the phone it faced was transferred away). */
        public void isolate() { partner = null; }

        public int port() { return sockets.port(); }

        public long packetsReceived() { return packets.get(); }

        /** RTP from this side's phone that the other phone had not negotiated, so it was not forwarded. */
        public long packetsDropped() { return dropped.get(); }

        /** Sets what this side's phone negotiated, from the offer/answer that set up or changed its media (RFC 3264). */
        public void negotiated(RtpFormats f) { formats = f; }

        /**
         * Hands this side's phone to one of the exchange's applications: its RTP goes to {@code e} instead of the
         * other side, and {@code e} sends through this side's socket to the latched peer.
         */
        public void attach(RtpEndpoint e) { endpoint = e; }

        /** Sends one RTP datagram from this side's socket to its phone; dropped while its address is unknown. */
        public void send(ByteBuffer datagram) {
            InetSocketAddress peer = rtpPeer;
            if (peer == null || closed) return;
            try {
                sockets.rtp().send(datagram, peer);
            } catch (IOException e) {
                LogKind.debug("rtp", "send to {} failed: {}", peer, e.toString());
            }
        }

        /** The address and port the phone's SDP gave (RFC 3264); replaced by what we actually hear from. */
        public void expect(InetSocketAddress rtp) {
            if (latched && rtpPeer != null && rtpPeer.getAddress().equals(rtp.getAddress())) return;
            rtpPeer = rtp;
            rtcpPeer = new InetSocketAddress(rtp.getAddress(), rtp.getPort() + 1);
            latched = false;
        }

        /**
         * Gives this side to another phone (a transfer target): unlike {@link #expect}, which keeps the latched
         * port of the same phone, the latch is dropped even on the same IP address, since two phones behind one
         * NAT or on one host share it, and the previous phone's late packets are ignored so it cannot win it back.
         */
        public void handOver(InetSocketAddress rtp) {
            retiredRtp = rtpPeer;
            retiredRtcp = rtcpPeer;
            rtpPeer = rtp;
            rtcpPeer = new InetSocketAddress(rtp.getAddress(), rtp.getPort() + 1);
            latched = false;
        }
    }

    private final RtpPorts ports;
    private final Side a;
    private final Side b;
    private volatile boolean closed;

    public RtpRelay(RtpPorts ports) throws IOException {
        this.ports = ports;
        RtpPorts.Pair pa = ports.allocate();
        RtpPorts.Pair pb;
        try {
            pb = ports.allocate();
        } catch (IOException e) {
            ports.release(pa);
            throw e;
        }
        this.a = new Side(pa);
        this.b = new Side(pb);
        a.partner = b;
        b.partner = a;
        start(a, true);
        start(a, false);
        start(b, true);
        start(b, false);
    }

    public Side a() { return a; }

    public Side b() { return b; }

    private void start(Side from, boolean rtp) {
        Thread.ofVirtual().name("rtp-" + from.port() + (rtp ? "" : "-rtcp")).start(() -> forward(from, rtp));
    }

    private void forward(Side from, boolean rtp) {
        DatagramChannel in = rtp ? from.sockets.rtp() : from.sockets.rtcp();
        ByteBuffer buf = ByteBuffer.allocate(2048);
        // Worked out again only when either phone's formats change (re-INVITE, transfer), never per packet.
        RtpFormats routedFrom = null, routedTo = null;
        PayloadRoute route = PayloadRoute.PASS;
        while (!closed) {
            InetSocketAddress source;
            try {
                buf.clear();
                source = (InetSocketAddress) in.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LogKind.debug("rtp", "receive on {} failed: {}", from.port(), e.toString());
                continue;
            }
            if (source == null || source.equals(rtp ? from.retiredRtp : from.retiredRtcp)) continue;
            if (rtp) {
                from.packets.incrementAndGet();
                if (!from.latched) {
                    from.rtpPeer = source;
                    from.latched = true;
                }
            } else if (from.rtcpPeer == null || !source.equals(from.rtcpPeer)) {
                from.rtcpPeer = source;
            }
            RtpEndpoint local = from.endpoint;
            if (local != null) {
                if (rtp) local.receive(buf.array(), buf.position());
                continue;
            }
            Side to = from.partner;
            if (to == null) continue;
            InetSocketAddress target = rtp ? to.rtpPeer : to.rtcpPeer;
            if (target == null || to.endpoint != null) continue;   // the other phone has not given its address yet (early offer only)
            if (rtp) {
                RtpFormats sent = from.formats, taken = to.formats;
                if (sent != routedFrom || taken != routedTo) {
                    route = PayloadRoute.between(sent, taken);
                    routedFrom = sent;
                    routedTo = taken;
                }
                if (!adapt(buf, route, from, to)) continue;
            }
            buf.flip();
            try {
                (rtp ? to.sockets.rtp() : to.sockets.rtcp()).send(buf, target);
            } catch (IOException e) {
                LogKind.debug("rtp", "send to {} failed: {}", target, e.toString());
            }
        }
    }

    /**
     * Rewrites the RTP packet in {@code buf} for the receiving phone in place (no allocation): payload type number
     * and, between the two G.711 laws, the payload. False when it is to be dropped. Anything that is not RTP (STUN
     * of an ICE-capable phone, say) passes as before.
     */
    private static boolean adapt(ByteBuffer buf, PayloadRoute route, Side from, Side to) {
        byte[] b = buf.array();
        int length = buf.position();
        int start = RtpPacket.payloadStart(b, length);
        if (start < 0) return true;
        int pt = b[1] & 0x7F;
        int target = route.target(pt);
        if (target == PayloadRoute.DROP) {
            if (from.dropped.incrementAndGet() == 1) {
                LogKind.debug("rtp", "port {}: payload type {} ({}) is not among what the phone on port {} negotiated ({}); dropping it",
                        from.port(), pt, from.formats.encoding(pt), to.port(), to.formats);
            }
            return false;
        }
        byte[] conversion = route.conversion(pt);
        if (conversion != null) {
            int end = RtpPacket.payloadEnd(b, length);
            for (int i = start; i < end; i++) b[i] = conversion[b[i] & 0xFF];
        }
        if (target != pt) b[1] = (byte) ((b[1] & 0x80) | target);
        return true;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        RtpEndpoint e = a.endpoint;
        if (e != null) e.close();
        e = b.endpoint;
        if (e != null) e.close();
        ports.release(a.sockets);
        ports.release(b.sockets);
    }
}
