package org.switchboard.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.core.auth.SecuritySettings;

/**
 * Password-guessing protection against SIPVicious, the tool real attackers use (Debian sipvicious 0.3.3; never run
 * with -R, which reports back to its author). svcrack is blocked after the lockout threshold and the block
 * expires; svwar cannot tell real extensions from unknown ones.
 */
class SipviciousTest {
    PbxFixture f;
    Path home;
    final LogCapture security = new LogCapture("switchboard.security");

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Peers.installed("svcrack") && Peers.installed("svwar"), "sipvicious is not installed (Debian package sipvicious; .ci/run installs it)");
        f = new PbxFixture(0, 31400);
        assertThat(f.security.get()).isEqualTo(SecuritySettings.SECTION.defaults());   // 10 failures in 60 s block 5 minutes
        f.extension("1000", null, "S1p-Secret!1000");
        f.extension("1001", null, "S1p-Secret!1001");
        f.pbx.start();
        home = Files.createTempDirectory("sipvicious");
    }

    @AfterEach
    void tearDown() {
        security.close();
        if (f != null) f.close();
    }

    Peers.Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "HOME=" + home));
        cmd.addAll(List.of(args));
        return Peers.run(Duration.ofSeconds(90), home, cmd);
    }

    @Test
    void svcrack_guessingPasswords_blockedAfterThresholdThenBlockExpires() throws Exception {
        List<String> dictionary = new ArrayList<>();
        for (int i = 0; i < 20; i++) dictionary.add("wrong-guess-" + i);
        dictionary.add("S1p-Secret!1000");        // the real one, after the threshold
        Path dict = home.resolve("dict.txt");
        Files.write(dict, dictionary);
        Peers.Result r = run("svcrack", "-u", "1000", "-d", dict.toString(), "-p", String.valueOf(f.pbx.udpPort()), "127.0.0.1");
        assertThat(r.output()).as("svcrack must not find the password").doesNotContain("S1p-Secret!1000");
        assertThat(f.blocked("127.0.0.1")).as(r.output() + "\n" + security.lines()).isTrue();
        assertThat(security.lines()).filteredOn(l -> l.contains("Authentication failed")).hasSizeGreaterThanOrEqualTo(10);
        assertThat(security.lines()).anyMatch(l -> l.contains("blocked for service sip"));
        assertThat(register("z9hG4bKwhileblocked")).as("a blocked source gets no 401").isNull();
        f.skew.set(Duration.ofSeconds(200));
        assertThat(f.blocked("127.0.0.1")).isTrue();
        f.skew.set(Duration.ofSeconds(301));
        assertThat(f.blocked("127.0.0.1")).isFalse();
        assertThat(register("z9hG4bKafterblock")).as("answered again once the block expired").startsWith("SIP/2.0 401");
    }

    @Test
    void svwar_enumeratingExtensions_cannotTellRealFromUnknown() throws Exception {
        for (String method : List.of("REGISTER", "INVITE", "OPTIONS")) {
            // --force makes svwar report whatever differs; real and unknown numbers must come out alike. Each run gets
            // its own source port: our retransmitted 407s to the INVITE run, which never ACKs, must not reach the next run.
            int localPort;
            try (DatagramSocket probe = new DatagramSocket(0)) {
                localPort = probe.getLocalPort();
            }
            Peers.Result r = run("svwar", "--force", "-P", String.valueOf(localPort), "-m", method, "-e", "999-1002,2000-2002", "-p", String.valueOf(f.pbx.udpPort()), "127.0.0.1");
            java.util.Map<String, String> found = new java.util.HashMap<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\|\\s*(\\d+)\\s*\\|\\s*([^|]+?)\\s*\\|").matcher(r.output());
            while (m.find()) found.put(m.group(1), m.group(2));
            assertThat(found.get("1000")).as(method + ":\n" + r.output()).isEqualTo(found.get("2000"));
            assertThat(found.get("1001")).as(method + ":\n" + r.output()).isEqualTo(found.get("2001"));
            assertThat(found.get("1000")).as(method + ":\n" + r.output()).isEqualTo(found.get("999"));
        }
        assertThat(f.blocked("127.0.0.1")).isFalse();
    }

    /** One REGISTER without credentials from a JDK socket; the first line of the answer, or null if none came. */
    String register(String branch) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(1500);
            String msg = "REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort() + ";branch=" + branch + ";rport\r\n"
                    + "From: <sip:1000@127.0.0.1>;tag=a1\r\nTo: <sip:1000@127.0.0.1>\r\nCall-ID: " + branch + "\r\nCSeq: 1 REGISTER\r\n"
                    + "Contact: <sip:1000@127.0.0.1:" + s.getLocalPort() + ">\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
            byte[] b = msg.getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), f.pbx.udpPort()));
            byte[] buf = new byte[4096];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (java.net.SocketTimeoutException e) {
                return null;
            }
            return new String(buf, 0, p.getLength(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
        }
    }
}
