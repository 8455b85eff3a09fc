package org.switchboard.pbx.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.net.Binding;
import org.switchboard.net.ListenerSettings;
import org.switchboard.net.TcpListener;
import org.switchboard.net.TlsMode;
import org.switchboard.pbx.sip.SystemScheduler;
import org.switchboard.pbx.sip.codec.SipLimits;
import org.switchboard.pbx.sip.codec.SipMessageReader;
import org.switchboard.pbx.sip.codec.SipResponse;
import org.switchboard.pbx.sip.transaction.ServerTransaction;
import org.switchboard.pbx.sip.transaction.TimerValues;
import org.switchboard.pbx.sip.transaction.TransactionLayer;
import org.switchboard.pbx.sip.transaction.TransactionUser;

/** UDP and TCP transports on real loopback sockets with a JDK socket as the peer. */
class SipTransportsTest {
    final SystemScheduler scheduler = new SystemScheduler();
    final AtomicBoolean blocked = new AtomicBoolean();
    TransactionLayer layer;
    SipTransports transports;
    TcpListener tcp;

    void start() throws Exception {
        var backing = Executors.newVirtualThreadPerTaskExecutor();
        SipTransports[] ref = new SipTransports[1];
        layer = new TransactionLayer((m, f) -> ref[0].send(m, f), scheduler, backing, TimerValues.DEFAULT);
        transports = new SipTransports(SipLimits.DEFAULT, a -> !blocked.get(), layer::receive);
        ref[0] = transports;
        layer.setUser(new TransactionUser() {
            @Override public void onRequest(ServerTransaction tx) { tx.respond(200); }
            @Override public void onCancel(ServerTransaction invite) { }
            @Override public void onAck(org.switchboard.pbx.sip.codec.SipRequest ack, Flow flow) { }
            @Override public void onStrayResponse(SipResponse response, Flow flow) { }
        });
        transports.openUdp(new InetSocketAddress("127.0.0.1", 0));
        tcp = new TcpListener(new ListenerSettings("sip-tcp", true, List.of(new Binding("127.0.0.1", 0, TlsMode.NONE)), null, 0, 0,
                Duration.ofSeconds(2), 65_536), null, transports.streamHandler(Transport.TCP));
        tcp.start();
    }

    @AfterEach
    void stop() {
        if (tcp != null) tcp.stop(Duration.ZERO);
        if (transports != null) transports.close();
        scheduler.close();
    }

    static String options(String via) {
        return "OPTIONS sip:1000@127.0.0.1 SIP/2.0\r\nVia: " + via + "\r\nFrom: <sip:probe@127.0.0.1>;tag=1\r\n"
                + "To: <sip:1000@127.0.0.1>\r\nCall-ID: t-" + System.nanoTime() + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    int udpPort() { return transports.udpTransports().get(0).local().getPort(); }

    static SipResponse parse(byte[] b, int len) throws Exception {
        return (SipResponse) new SipMessageReader(SipLimits.DEFAULT).parseDatagram(b, 0, len);
    }

    SipResponse exchange(DatagramSocket peer, byte[] request) throws Exception {
        peer.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), udpPort()));
        byte[] buf = new byte[65_536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        peer.receive(p);
        return parse(buf, p.getLength());
    }

    @Test
    void udp_rportRequest_answeredToSourcePortWithReceivedAndRport() throws Exception {
        start();
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(5000);
            // The Via claims port 9 (a NAT would rewrite the source): the answer must still come back to us.
            SipResponse r = exchange(peer, options("SIP/2.0/UDP 10.1.1.1:9;branch=z9hG4bKnat1;rport").getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.topVia().received()).contains("127.0.0.1");
            assertThat(r.topVia().params().get("rport")).contains(String.valueOf(peer.getLocalPort()));
        }
    }

    @Test
    void udp_malformedRequest_answered400WithReason() throws Exception {
        start();
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(5000);
            String bad = options("SIP/2.0/UDP 127.0.0.1:" + 0 + ";branch=z9hG4bKbad;rport").replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE");
            SipResponse r = exchange(peer, bad.getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.headers().first("Warning")).get().asString().contains("does not match");
        }
    }

    @Test
    void udp_garbageOversizedAndBlocked_droppedAndServerKeepsAnswering() throws Exception {
        start();
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(300);
            byte[] garbage = "\u0000\u0001hello garbage".getBytes(StandardCharsets.UTF_8);
            byte[] huge = new byte[65_000];
            java.util.Arrays.fill(huge, (byte) 'A');
            for (byte[] b : List.of(garbage, huge)) {
                peer.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), udpPort()));
            }
            blocked.set(true);
            byte[] ok = options("SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKblk;rport").getBytes(StandardCharsets.UTF_8);
            peer.send(new DatagramPacket(ok, ok.length, InetAddress.getLoopbackAddress(), udpPort()));
            byte[] buf = new byte[2048];
            boolean answered;
            try {
                peer.receive(new DatagramPacket(buf, buf.length));
                answered = true;
            } catch (SocketTimeoutException e) {
                answered = false;
            }
            assertThat(answered).as("garbage, oversized and blocked sources get no answer").isFalse();
            blocked.set(false);
            peer.setSoTimeout(5000);
            assertThat(exchange(peer, options("SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKafter;rport").getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        }
    }

    @Test
    void tcp_messageInPieces_answeredOnSameConnection() throws Exception {
        start();
        try (Socket s = new Socket("127.0.0.1", tcp.boundAddresses().get(0).getPort())) {
            s.setSoTimeout(5000);
            byte[] req = options("SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKtcp1").getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(req, 0, 20);
            out.flush();
            out.write(req, 20, req.length - 20);
            out.flush();
            SipResponse r = readResponse(s.getInputStream());
            assertThat(r.status()).isEqualTo(200);
        }
    }

    @Test
    void tcp_peerStallsMidMessage_connectionClosedAfterIdleTimeout() throws Exception {
        start();
        try (Socket s = new Socket("127.0.0.1", tcp.boundAddresses().get(0).getPort())) {
            s.setSoTimeout(10_000);
            byte[] req = options("SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKstall").getBytes(StandardCharsets.UTF_8);
            s.getOutputStream().write(req, 0, req.length / 2);
            s.getOutputStream().flush();
            long start = System.nanoTime();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (tcp.activeConnections() > 0 && System.nanoTime() < deadline) java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        assertThat(tcp.activeConnections()).isZero();
    }

    static SipResponse readResponse(InputStream in) throws Exception {
        byte[] buf = new byte[8192];
        int n = 0;
        while (true) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) throw new AssertionError("closed");
            n += r;
            String s = new String(buf, 0, n, StandardCharsets.UTF_8);
            if (s.contains("\r\n\r\n")) return parse(buf, n);
        }
    }
}
