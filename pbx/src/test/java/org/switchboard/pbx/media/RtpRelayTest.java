package org.switchboard.pbx.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay between two phones on loopback UDP sockets that negotiated different things: phone U has µ-law and
 * telephone-event 101, phone A has A-law and telephone-event 96. What each receives is checked byte by byte.
 */
class RtpRelayTest {
    static final RtpFormats ULAW_101 = RtpFormats.of(Map.of(0, "PCMU/8000", 101, "telephone-event/8000"));
    static final RtpFormats ALAW_96 = RtpFormats.of(Map.of(8, "PCMA/8000/1", 96, "TELEPHONE-EVENT/8000"));

    RtpPorts ports;
    RtpRelay relay;
    DatagramSocket u;
    DatagramSocket a;

    @BeforeEach
    void setUp() throws IOException {
        ports = new RtpPorts("127.0.0.1", 47000, 47199);
        relay = new RtpRelay(ports);
        u = phone();
        a = phone();
        relay.a().expect(address(u));
        relay.b().expect(address(a));
        relay.a().negotiated(ULAW_101);
        relay.b().negotiated(ALAW_96);
    }

    @AfterEach
    void tearDown() {
        relay.close();
        u.close();
        a.close();
    }

    static DatagramSocket phone() throws IOException {
        DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        s.setSoTimeout(3000);
        return s;
    }

    static InetSocketAddress address(DatagramSocket s) { return new InetSocketAddress("127.0.0.1", s.getLocalPort()); }

    static InetSocketAddress side(RtpRelay.Side side) { return new InetSocketAddress("127.0.0.1", side.port()); }

    /** An RTP packet: marker set, sequence 4711, timestamp 160000, SSRC 0x1234abcd, the payload given. */
    static byte[] rtp(int pt, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        RtpPacket.header(b, pt, true, 4711, 160_000, 0x1234abcdL);
        return b.put(payload).array();
    }

    static byte[] allCodes(int from) {
        byte[] p = new byte[160];
        for (int i = 0; i < p.length; i++) p[i] = (byte) (from + i);
        return p;
    }

    static void send(DatagramSocket s, byte[] packet, InetSocketAddress to) throws IOException {
        s.send(new DatagramPacket(packet, packet.length, to));
    }

    static RtpPacket receive(DatagramSocket s) throws IOException {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return RtpPacket.parse(Arrays.copyOf(buf, p.getLength()), p.getLength()).orElseThrow();
    }

    static byte[] payload(RtpPacket p) { return Arrays.copyOfRange(p.buffer(), p.payloadOffset(), p.payloadOffset() + p.payloadLength()); }

    static void assertHeaderKept(RtpPacket p) {
        assertThat(p.marker()).isTrue();
        assertThat(p.sequence()).isEqualTo(4711);
        assertThat(p.timestamp()).isEqualTo(160_000);
        assertThat(p.ssrc()).isEqualTo(0x1234abcdL);
    }

    @Test
    void relay_ulawToAlawPhone_everyCodeConvertedByTable3AndTypeRewritten() throws IOException {
        for (int from : new int[] {0, 160}) {
            send(u, rtp(G711.PCMU, allCodes(from)), side(relay.a()));
            RtpPacket got = receive(a);
            assertThat(got.payloadType()).isEqualTo(G711.PCMA);
            assertHeaderKept(got);
            byte[] expected = allCodes(from);
            for (int i = 0; i < expected.length; i++) expected[i] = G711.ulawToAlaw(expected[i]);
            assertThat(payload(got)).isEqualTo(expected);
        }
    }

    @Test
    void relay_alawToUlawPhone_everyCodeConvertedByTable4AndTypeRewritten() throws IOException {
        send(a, rtp(G711.PCMA, allCodes(96)), side(relay.b()));
        RtpPacket got = receive(u);
        assertThat(got.payloadType()).isEqualTo(G711.PCMU);
        assertHeaderKept(got);
        byte[] expected = allCodes(96);
        for (int i = 0; i < expected.length; i++) expected[i] = G711.alawToUlaw(expected[i]);
        assertThat(payload(got)).isEqualTo(expected);
    }

    @Test
    void relay_telephoneEventNumberedDifferently_receiversNumberPayloadUntouched() throws IOException {
        byte[] digit5End = {5, (byte) 0x8A, 0x03, 0x20};
        send(u, rtp(101, digit5End), side(relay.a()));
        RtpPacket toA = receive(a);
        assertThat(toA.payloadType()).isEqualTo(96);
        assertHeaderKept(toA);
        assertThat(payload(toA)).isEqualTo(digit5End);
        send(a, rtp(96, digit5End), side(relay.b()));
        assertThat(receive(u).payloadType()).isEqualTo(101);
    }

    @Test
    void relay_sameLawBothSides_datagramForwardedByteForByte() throws IOException {
        relay.b().negotiated(RtpFormats.of(Map.of(0, "PCMU/8000", 8, "PCMA/8000")));
        byte[] sent = rtp(G711.PCMU, allCodes(7));
        send(u, sent, side(relay.a()));
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        a.receive(p);
        assertThat(Arrays.copyOf(buf, p.getLength())).isEqualTo(sent);
    }

    @Test
    void relay_typeTheReceiverDidNotNegotiate_droppedAndCounted() throws IOException {
        relay.a().negotiated(RtpFormats.of(Map.of(0, "PCMU/8000", 9, "G722/8000")));
        send(u, rtp(9, allCodes(0)), side(relay.a()));          // G.722: phone A cannot take it
        send(u, rtp(18, allCodes(0)), side(relay.a()));         // G.729: U never negotiated it
        send(u, rtp(G711.PCMU, allCodes(0)), side(relay.a()));
        assertThat(receive(a).payloadType()).as("only the µ-law packet arrives, as A-law").isEqualTo(G711.PCMA);
        assertThat(relay.a().packetsDropped()).isEqualTo(2);
        assertThat(relay.a().packetsReceived()).isEqualTo(3);
        a.setSoTimeout(200);
        try {
            receive(a);
            throw new AssertionError("a dropped packet arrived");
        } catch (SocketTimeoutException expected) {
            // nothing else was forwarded
        }
    }

    /** Attended transfer bridges sides of two relays without renegotiating: the laws still meet. */
    @Test
    void join_sidesOfTwoRelaysWithDifferentLaws_converted() throws IOException {
        try (RtpRelay other = new RtpRelay(ports); DatagramSocket c = phone()) {
            other.a().expect(address(c));
            other.a().negotiated(ALAW_96);
            relay.a().join(other.a());
            relay.b().isolate();
            send(u, rtp(G711.PCMU, allCodes(0)), side(relay.a()));
            RtpPacket toC = receive(c);
            assertThat(toC.payloadType()).isEqualTo(G711.PCMA);
            assertThat(payload(toC)[0]).isEqualTo(G711.ulawToAlaw((byte) 0));
            send(c, rtp(96, new byte[] {11, (byte) 0x8A, 0, (byte) 0xA0}), side(other.a()));
            RtpPacket toU = receive(u);
            assertThat(toU.payloadType()).as("# as the µ-law phone numbers telephone-event").isEqualTo(101);
            assertThat(payload(toU)[0]).isEqualTo((byte) 11);
        }
    }

    @Test
    void relay_nothingNegotiatedYet_passesUntouched() throws IOException {
        relay.a().negotiated(RtpFormats.ANY);
        byte[] sent = rtp(9, allCodes(3));
        send(u, sent, side(relay.a()));
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        a.receive(p);
        assertThat(Arrays.copyOf(buf, p.getLength())).isEqualTo(sent);
    }
}
