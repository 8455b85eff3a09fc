package org.switchboard.smtp.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.switchboard.smtp.Await;
import org.switchboard.smtp.RawSmtp;
import org.switchboard.smtp.SmtpSettings;
import org.switchboard.smtp.TestDns;
import org.switchboard.smtp.TestServer;
import org.switchboard.smtp.server.SmtpPort;

/**
 * RFC 7435 §6: when opportunistic STARTTLS fails at the handshake, the message goes over a new
 * cleartext connection to the same host. The peer is a scripted SMTP server whose TLS is broken.
 */
class TlsFallbackTest {
    @Test
    void brokenTlsAtMx_retriedInCleartext_delivered() throws Exception {
        List<String> transcript = new CopyOnWriteArrayList<>();
        try (TestServer server = new TestServer(); TestDns dns = new TestDns(); ServerSocket mx = new ServerSocket()) {
            mx.bind(new InetSocketAddress("127.0.0.2", 0));
            Thread peer = Thread.ofVirtual().start(() -> {
                for (int connection = 0; connection < 2; connection++) {
                    try (Socket s = mx.accept()) {
                        serve(s, transcript);
                    } catch (Exception e) {
                        transcript.add("error " + e);
                    }
                }
            });
            dns.mx("broken-tls.test", 10, "mx.broken-tls.test").address("mx.broken-tls.test", "127.0.0.2");
            server.settings(s -> s.withDelivery(new SmtpSettings.Delivery(dns.server(), mx.getLocalPort(), 5, 30, null)));
            try (RawSmtp c = new RawSmtp(server.address(SmtpPort.MX), "127.0.0.1")) {
                c.reply();
                c.send("EHLO client.test");
                assertThat(c.mail("alice@example.test", "x@broken-tls.test", "Subject: fallback\n\nbody")).startsWith("250");
            }
            Await.until("delivered in cleartext", () -> transcript.contains("DATA done"));
            peer.join();
            assertThat(transcript).containsSubsequence("EHLO mx.example.test", "STARTTLS", "EHLO mx.example.test", "DATA", "DATA done");
            assertThat(transcript.stream().filter("STARTTLS"::equals).count()).as("no TLS on the fallback connection").isEqualTo(1);
        }
    }

    /** First connection: offers STARTTLS, then answers the handshake with garbage. Second: plain SMTP. */
    private static void serve(Socket s, List<String> transcript) throws Exception {
        s.setSoTimeout(10_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = s.getOutputStream();
        out.write("220 mx.broken-tls.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null) {
            transcript.add(line);
            String reply;
            if (line.startsWith("EHLO")) reply = "250-mx.broken-tls.test\r\n250-SIZE 1000000\r\n250 STARTTLS\r\n";
            else if (line.equals("STARTTLS")) {
                out.write("220 go ahead\r\nthis is not a TLS record\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            } else if (line.equals("DATA")) {
                out.write("354 go\r\n".getBytes(StandardCharsets.US_ASCII));
                while (!(line = in.readLine()).equals(".")) { }
                transcript.add("DATA done");
                reply = "250 ok\r\n";
            } else if (line.equals("QUIT")) {
                out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            } else reply = "250 ok\r\n";
            out.write(reply.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }
}
