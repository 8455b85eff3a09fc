package org.switchboard.pbx;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.switchboard.pbx.registrar.DigestAuthenticator;
import org.switchboard.pbx.sip.codec.AuthParams;
import org.switchboard.pbx.sip.codec.SipLimits;
import org.switchboard.pbx.sip.codec.SipMessageReader;
import org.switchboard.pbx.sip.codec.SipResponse;

/**
 * A scripted UDP phone for registrar edge cases SIPp cannot express compactly. Digest responses come from
 * {@link DigestAuthenticator#expectedResponse}, which DigestAuthenticatorTest checks against Python's hashlib.
 */
final class TestPhone implements AutoCloseable {
    final DatagramSocket socket;
    final int serverPort;
    private int cseq;

    TestPhone(int serverPort) throws Exception {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.socket.setSoTimeout(3000);
        this.serverPort = serverPort;
    }

    int port() { return socket.getLocalPort(); }

    /** Sends raw text (LF line ends become CRLF) and returns the answer, or null when none came. */
    SipResponse exchange(String text) throws Exception {
        byte[] b = text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), serverPort));
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("(?mi)^(?:Call-ID|i)\\s*:\\s*(\\S+)").matcher(text);
        String callId = id.find() ? id.group(1) : "";
        byte[] buf = new byte[65_536];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            SipResponse r = (SipResponse) new SipMessageReader(SipLimits.DEFAULT).parseDatagram(buf, 0, p.getLength());
            // Skip provisionals and retransmissions belonging to earlier exchanges (an unACKed 4xx repeats for 32 s).
            if (r.status() >= 200 && r.callId().equals(callId)) return r;
        }
    }

    String register(String ext, String callId, String contacts, String extraHeaders, String authorization) {
        cseq++;
        return "REGISTER sip:127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:" + port() + ";branch=z9hG4bK" + callId + cseq + ";rport\n"
                + "From: <sip:" + ext + "@127.0.0.1>;tag=t" + callId + "\nTo: <sip:" + ext + "@127.0.0.1>\nCall-ID: " + callId + "\n"
                + "CSeq: " + cseq + " REGISTER\n" + contacts + extraHeaders + (authorization == null ? "" : "Authorization: " + authorization + "\n")
                + "Max-Forwards: 70\nContent-Length: 0\n\n";
    }

    /** REGISTER, answer the 401 with digest credentials for {@code user}/{@code password}, return the final answer. */
    SipResponse registerWithAuth(String ext, String user, String password, String callId, String contacts, String extraHeaders) throws Exception {
        SipResponse challenge = exchange(register(ext, callId, contacts, extraHeaders, null));
        if (challenge == null || challenge.status() != 401) return challenge;
        AuthParams c = AuthParams.parse(challenge.headers().first("WWW-Authenticate").orElseThrow());
        String nonce = c.get("nonce").orElseThrow();
        String algorithm = c.get("algorithm").orElse("MD5");
        String response = DigestAuthenticator.expectedResponse(algorithm, user, c.get("realm").orElseThrow(), password, "REGISTER",
                "sip:127.0.0.1", nonce, "auth", "00000001", "abcdef");
        String auth = "Digest username=\"" + user + "\", realm=\"" + c.get("realm").orElseThrow() + "\", nonce=\"" + nonce
                + "\", uri=\"sip:127.0.0.1\", response=\"" + response + "\", algorithm=" + algorithm + ", qop=auth, nc=00000001, cnonce=\"abcdef\"";
        return exchange(register(ext, callId, contacts, extraHeaders, auth));
    }

    @Override
    public void close() {
        socket.close();
    }
}
