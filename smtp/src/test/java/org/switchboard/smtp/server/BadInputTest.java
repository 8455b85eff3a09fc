package org.switchboard.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.switchboard.net.Binding;
import org.switchboard.net.ListenerSettings;
import org.switchboard.net.TcpListener;
import org.switchboard.net.TlsMode;
import org.switchboard.smtp.Await;
import org.switchboard.smtp.RawSmtp;
import org.switchboard.smtp.TestServer;

/** Issue 4 "bad input": header bombs and a DATA that never ends are answered per RFC and nothing is accepted half. */
class BadInputTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void headerBomb_refusedWith552_sessionContinues() throws Exception {
        try (RawSmtp c = new RawSmtp(server.address(SmtpPort.MX), "127.0.0.1")) {
            c.reply();
            c.send("EHLO client.test");
            String reply = c.mail("a@outside.test", "bob@example.test", "X-Bomb: a\n".repeat(5000) + "\nbody");
            assertThat(reply).startsWith("552 5.3.4 Too many header fields");
            assertThat(c.send("NOOP")).startsWith("250");
        }
        assertThat(server.service.queue().size()).isZero();
    }

    @Test
    void dataThatNeverEnds_closedAtIdleTimeout_nothingQueued() throws Exception {
        TcpListener shortIdle = new TcpListener(new ListenerSettings("smtp-idle", true, List.of(new Binding("127.0.0.1", 0, TlsMode.NONE)),
                null, 0, 0, Duration.ofMillis(500), 12288), null, server.service.handler(SmtpPort.MX));
        shortIdle.start();
        try (Socket s = new Socket("127.0.0.1", shortIdle.boundAddresses().getFirst().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("EHLO c.test\r\nMAIL FROM:<a@outside.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nSubject: never ends\r\n\r\npartial"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String replies = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(replies).contains("354").doesNotContain("250 2.0.0");
        } finally {
            shortIdle.stop(Duration.ofSeconds(1));
        }
        Await.until("partial spool file removed", () -> {
            try (var files = java.nio.file.Files.list(server.dir.resolve("queue").resolve("tmp"))) {
                return files.findAny().isEmpty();
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertThat(server.service.queue().size()).isZero();
    }
}
