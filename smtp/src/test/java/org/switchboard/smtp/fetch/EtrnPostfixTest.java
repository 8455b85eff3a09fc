package org.switchboard.smtp.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.core.log.LogKind;
import org.switchboard.net.Binding;
import org.switchboard.net.ListenerSettings;
import org.switchboard.net.TcpListener;
import org.switchboard.net.TlsMode;
import org.switchboard.smtp.Await;
import org.switchboard.smtp.LogCapture;
import org.switchboard.smtp.PostfixPeer;
import org.switchboard.smtp.TestServer;
import org.switchboard.smtp.server.SmtpPort;

/**
 * Issue 4 item 8 acceptance (guide part 1 §28): Postfix is the backup MX for example.test
 * (fast_flush_domains defaults to its relay domains) and holds a message because we were
 * unreachable; once we listen, our ETRN makes it flush the message to us well before its own
 * retry time.
 */
class EtrnPostfixTest {
    @Test
    void etrn_backupMxHoldsMail_flushesItToUs() throws Exception {
        int ourPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ourPort = probe.getLocalPort();
        }
        try (TestServer server = new TestServer(); PostfixPeer postfix = new PostfixPeer(List.of("example.test=smtp:[127.0.0.1]:" + ourPort),
                     // A short back-off lifts Postfix's "destination dead" throttle quickly; its own retry still waits for the 300 s queue run.
                     List.of("minimal_backoff_time = 1s", "maximal_backoff_time = 2s"));
             LogCapture mailLog = new LogCapture(LogKind.MAIL)) {
            Process swaks = new ProcessBuilder("/usr/bin/swaks", "--server", "127.0.0.2:" + postfix.port(), "--from", "friend@remote.test",
                    "--to", "alice@example.test", "--header", "Subject: held", "--header", "Message-ID: <held@remote.test>")
                    .redirectErrorStream(true).start();
            String out = new String(swaks.getInputStream().readAllBytes());
            assertThat(swaks.waitFor(30, TimeUnit.SECONDS) && swaks.exitValue() == 0).as(out).isTrue();
            Await.until("Postfix deferred the message (we are down)", Duration.ofSeconds(30),
                    () -> postfix.log().contains("status=deferred") && postfix.deferred() == 1);

            TcpListener mx = new TcpListener(new ListenerSettings(SmtpPort.MX.service, true, List.of(new Binding("127.0.0.1", ourPort, TlsMode.NONE)),
                    null, 0, 0, Duration.ofSeconds(30), 12288), server.tls, server.service.handler(SmtpPort.MX));
            mx.start();
            try {
                assertThat(server.mail.in(server.userId("alice@example.test"))).isEmpty();
                FetchService fetch = Fetches.service(server, new AtomicReference<>(FetchSettings.DEFAULTS));
                fetch.putEtrnAccount(Actor.SERVER, new EtrnAccount("backup", true, "127.0.0.2", postfix.port(), ClientTls.NONE,
                        "example.test; ", null, null), null);

                // As the schedule would: ETRN again while the message has not come (Postfix may still count us as down).
                for (int i = 0; i < 6 && !arrived(server); i++) {
                    RunReport r = fetch.run(Set.of(ScheduledAction.Action.ETRN));

                    assertThat(r.etrn()).singleElement().satisfies(e -> {
                        assertThat(e.error()).isNull();
                        assertThat(e.replies()).singleElement().asString().startsWith("example.test: 250");
                    });
                    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (!arrived(server) && System.nanoTime() < deadline) java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
                }
                assertThat(mailLog.has("ETRN download backup", "ETRN example.test", "250")).isTrue();
                assertThat(arrived(server)).as("the held message arrived; Postfix log:\n" + postfix.log()).isTrue();
            } finally {
                mx.stop(Duration.ofSeconds(1));
            }
        }
    }

    private static boolean arrived(TestServer server) {
        return server.mail.in(server.userId("alice@example.test")).stream().anyMatch(s -> s.text().contains("<held@remote.test>"));
    }

    @Test
    void etrnAccount_authWithoutTls_refused() throws IOException {
        try (TestServer server = new TestServer()) {
            FetchService fetch = Fetches.service(server, new AtomicReference<>(FetchSettings.DEFAULTS));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fetch.putEtrnAccount(Actor.SERVER,
                    new EtrnAccount("b", true, "127.0.0.2", 25, ClientTls.NONE, "example.test", "user", null), "pw"))
                    .hasMessageContaining("STARTTLS");
        }
    }
}
