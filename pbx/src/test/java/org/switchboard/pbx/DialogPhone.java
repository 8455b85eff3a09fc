package org.switchboard.pbx;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.switchboard.pbx.registrar.DigestAuthenticator;
import org.switchboard.pbx.sip.codec.AuthParams;
import org.switchboard.pbx.sip.codec.SipLimits;
import org.switchboard.pbx.sip.codec.SipMessage;
import org.switchboard.pbx.sip.codec.SipMessageReader;
import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.codec.SipResponse;

/**
 * A scripted UDP phone holding several dialogs at once, for what one SIPp scenario cannot do: place two calls
 * (each with its own Call-ID) and REFER one with Replaces naming the other (attended transfer), or send an INVITE
 * with Replaces. Answers every request it receives with 200 and keeps them, in order, for the test to inspect.
 * Single-threaded: the test drives it.
 */
final class DialogPhone implements AutoCloseable {
    /** One confirmed dialog as this phone sees it. */
    record Dialog(String callId, String localTag, String remoteTag, String localUri, String remoteUri, String remoteTarget, SipResponse answer) {}

    final DatagramSocket socket;
    private final int server;
    private final String user;
    private final String password;
    final List<SipRequest> received = new ArrayList<>();
    private long cseq = 100;

    DialogPhone(int server, String user, String password) throws Exception {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.socket.setSoTimeout(200);
        this.server = server;
        this.user = user;
        this.password = password;
    }

    static String sdp(int rtpPort) {
        return "v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + rtpPort
                + " RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n";
    }

    /** Calls {@code number} (answering the 407 challenge) and ACKs the 200; the final response when it is no 2xx. */
    Dialog call(String number, int rtpPort, String extraHeaders) throws Exception {
        String callId = UUID.randomUUID() + "@127.0.0.1";
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String uri = "sip:" + number + "@127.0.0.1";
        String from = "<sip:" + user + "@127.0.0.1>";
        String authorization = "";
        for (int attempt = 0; attempt < 2; attempt++) {
            long n = ++cseq;
            String branch = branch();
            String invite = "INVITE " + uri + " SIP/2.0\r\n" + via(branch) + "From: " + from + ";tag=" + tag + "\r\nTo: <" + uri + ">\r\n"
                    + "Call-ID: " + callId + "\r\nCSeq: " + n + " INVITE\r\nContact: <sip:" + user + "@127.0.0.1:" + socket.getLocalPort() + ">\r\n"
                    + "Max-Forwards: 70\r\n" + authorization + extraHeaders + "Content-Type: application/sdp\r\n";
            send(invite, sdp(rtpPort));
            SipResponse r = await(callId, n, Duration.ofSeconds(10));
            String to = r.headers().first("To").orElseThrow();
            if (r.status() == 407 && attempt == 0) {
                send("ACK " + uri + " SIP/2.0\r\n" + via(branch) + "From: " + from + ";tag=" + tag + "\r\nTo: " + to + "\r\nCall-ID: " + callId
                        + "\r\nCSeq: " + n + " ACK\r\nMax-Forwards: 70\r\n", "");
                AuthParams c = AuthParams.parse(r.headers().first("Proxy-Authenticate").orElseThrow());
                String algorithm = c.get("algorithm").orElse("MD5");
                String nonce = c.get("nonce").orElseThrow();
                String realm = c.get("realm").orElseThrow();
                String response = DigestAuthenticator.expectedResponse(algorithm, user, realm, password, "INVITE", uri, nonce, "auth", "00000001", "c0ffee");
                authorization = "Proxy-Authorization: Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\""
                        + uri + "\", response=\"" + response + "\", algorithm=" + algorithm + ", qop=auth, nc=00000001, cnonce=\"c0ffee\"\r\n";
                continue;
            }
            if (r.status() != 200) return new Dialog(callId, tag, null, from, to, null, r);
            String target = r.headers().contacts().get(0).uri();
            send("ACK " + target + " SIP/2.0\r\n" + via(branch()) + "From: " + from + ";tag=" + tag + "\r\nTo: " + to + "\r\nCall-ID: " + callId
                    + "\r\nCSeq: " + n + " ACK\r\nMax-Forwards: 70\r\n", "");
            return new Dialog(callId, tag, r.headers().to().tag().orElseThrow(), from, to, target, r);
        }
        throw new IllegalStateException("challenged twice");
    }

    /** Sends a request inside {@code d} and returns its final response. */
    SipResponse request(Dialog d, String method, String extraHeaders) throws Exception {
        long n = ++cseq;
        send(method + " " + d.remoteTarget() + " SIP/2.0\r\n" + via(branch()) + "From: " + d.localUri() + ";tag=" + d.localTag() + "\r\nTo: "
                + d.remoteUri() + "\r\nCall-ID: " + d.callId() + "\r\nCSeq: " + n + " " + method + "\r\nContact: <sip:" + user + "@127.0.0.1:"
                + socket.getLocalPort() + ">\r\nMax-Forwards: 70\r\n" + extraHeaders, "");
        return await(d.callId(), n, Duration.ofSeconds(10));
    }

    /** Receives (answering requests) until {@code done} holds for what was received, or the time is up. */
    boolean receiveUntil(java.util.function.Predicate<List<SipRequest>> done, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.test(received) && System.nanoTime() < deadline) receiveOne();
        return done.test(received);
    }

    private SipResponse await(String callId, long n, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            SipMessage m = receiveOne();
            if (m instanceof SipResponse r && r.status() >= 200 && r.callId().equals(callId) && r.cseq().number() == n) return r;
        }
        throw new IllegalStateException("no final response for CSeq " + n);
    }

    private SipMessage receiveOne() throws Exception {
        byte[] buf = new byte[65_536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        SipMessage m = new SipMessageReader(SipLimits.DEFAULT).parseDatagram(buf, 0, p.getLength());
        if (m instanceof SipRequest r && !r.is(SipRequest.ACK)) {
            StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
            for (String v : r.headers().all("Via")) ok.append("Via: ").append(v).append("\r\n");
            for (String h : List.of("From", "To", "Call-ID", "CSeq")) ok.append(h).append(": ").append(r.headers().first(h).orElseThrow()).append("\r\n");
            send(ok.toString(), "");
            boolean retransmission = received.stream().anyMatch(x -> x.callId().equals(r.callId()) && x.cseq().equals(r.cseq()));
            if (!retransmission) received.add(r);
        }
        return m;
    }

    private String via(String branch) {
        return "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=" + branch + ";rport\r\n";
    }

    private static String branch() {
        return "z9hG4bK" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private void send(String head, String body) throws Exception {
        byte[] b = (head + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), server));
    }

    @Override
    public void close() {
        socket.close();
    }
}
