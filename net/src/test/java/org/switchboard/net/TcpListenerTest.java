package org.switchboard.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.core.log.LogKind;

class TcpListenerTest {
    private final List<TcpListener> listeners = new ArrayList<>();
    private final EchoHandler echo = new EchoHandler();

    @AfterEach
    void stopListeners() {
        listeners.forEach(l -> l.stop(Duration.ZERO));
    }

    private TcpListener start(Settings settings) throws IOException {
        TcpListener listener = new TcpListener(settings.build(), TestTls.server(), echo);
        listeners.add(listener);
        listener.start();
        return listener;
    }

    private static InetSocketAddress address(TcpListener listener) {
        return listener.boundAddresses().getFirst();
    }

    private static boolean refusesConnections(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 2_000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void plainBinding_lines_echoedUntilQuit() throws IOException {
        TcpListener listener = start(Settings.service("echo"));
        try (Peer peer = Peer.connect(address(listener))) {
            assertThat(peer.line()).isEqualTo("+OK ready");
            peer.send("HELLO world\r\nTLS?\r\n");
            assertThat(peer.line()).isEqualTo("+OK echo HELLO world");
            assertThat(peer.line()).isEqualTo("+OK plain");
            peer.send("BARE\n");
            assertThat(peer.line()).isEqualTo("+OK echo BARE (bare LF)");
            peer.send("QUIT\r\n");
            assertThat(peer.line()).isEqualTo("+OK bye");
            assertThat(peer.closedByServer()).isTrue();
        }
        Await.until("connection released", () -> listener.activeConnections() == 0);
    }

    @Test
    void readLine_overLimit_handlerAnswersAndConnectionContinues() throws IOException {
        TcpListener listener = start(Settings.service("long").maxLineLength(64));
        try (Peer peer = Peer.connect(address(listener))) {
            peer.line();
            peer.send("x".repeat(5_000) + "\r\nAFTER\r\n" + "y".repeat(64) + "\r\n");
            assertThat(peer.line()).isEqualTo("-ERR line too long");
            assertThat(peer.line()).isEqualTo("+OK echo AFTER");
            assertThat(peer.line()).isEqualTo("+OK echo " + "y".repeat(64));
        }
    }

    @Test
    void allowed_addressNotAllowed_closedBeforeGreetingAndSecurityLogged() throws IOException {
        try (LogCapture security = new LogCapture(LogKind.SECURITY)) {
            TcpListener listener = start(Settings.service("deny-test").allowed(a -> a.getAddress()[0] == 10));
            try (Peer peer = Peer.connect(address(listener))) {
                assertThat(peer.closedByServer()).isTrue();
            }
            Await.until("security log line", () -> security.has("deny-test", "127.0.0.1", "not allowed"));
            assertThat(echo.served).hasValue(0);
        }
    }

    @Test
    void maxConnections_overLimit_extraClosedAndWarningLogged() throws IOException {
        try (LogCapture warning = new LogCapture(LogKind.WARNING)) {
            TcpListener listener = start(Settings.service("max-test").maxConnections(2));
            try (Peer first = Peer.connect(address(listener)); Peer second = Peer.connect(address(listener))) {
                assertThat(first.line()).isEqualTo("+OK ready");
                assertThat(second.line()).isEqualTo("+OK ready");
                try (Peer third = Peer.connect(address(listener))) {
                    assertThat(third.closedByServer()).isTrue();
                }
                Await.until("warning log line", () -> warning.has("max-test", "127.0.0.1", "limit of 2 connections"));
                first.send("QUIT\r\n");
                assertThat(first.line()).isEqualTo("+OK bye");
                Await.until("slot released", () -> listener.activeConnections() == 1);
                try (Peer fourth = Peer.connect(address(listener))) {
                    assertThat(fourth.line()).isEqualTo("+OK ready");
                }
            }
        }
    }

    @Test
    void maxConnectionsPerIp_secondFromSameAddress_closedOtherAddressAdmitted() throws IOException {
        try (LogCapture warning = new LogCapture(LogKind.WARNING)) {
            TcpListener listener = start(Settings.service("perip-test").maxConnectionsPerIp(1));
            try (Peer first = Peer.connectFrom("127.0.0.1", address(listener))) {
                assertThat(first.line()).isEqualTo("+OK ready");
                try (Peer second = Peer.connectFrom("127.0.0.1", address(listener))) {
                    assertThat(second.closedByServer()).isTrue();
                }
                try (Peer other = Peer.connectFrom("127.0.0.2", address(listener))) {
                    assertThat(other.line()).isEqualTo("+OK ready");
                }
            }
            assertThat(warning.has("perip-test", "127.0.0.1", "per address")).isTrue();
        }
    }

    @Test
    void idleTimeout_silentPeer_closed() throws IOException {
        TcpListener listener = start(Settings.service("idle").idleTimeout(Duration.ofMillis(300)));
        try (Peer peer = Peer.connect(address(listener))) {
            assertThat(peer.line()).isEqualTo("+OK ready");
            long started = System.nanoTime();
            assertThat(peer.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
        Await.until("connection released", () -> listener.activeConnections() == 0);
    }

    @Test
    void idleTimeout_peerStopsReading_blockedWriteClosed() throws IOException {
        TcpListener listener = start(Settings.service("stall").idleTimeout(Duration.ofMillis(300)));
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(1024);
            socket.connect(address(listener));
            socket.getOutputStream().write("FLOOD\r\n".getBytes(StandardCharsets.US_ASCII));
            Await.until("handler started", () -> echo.served.get() == 1);
            Await.until("flooding connection dropped", () -> listener.activeConnections() == 0);
        }
    }

    @Test
    void handler_throws_errorLoggedSocketClosedListenerServes() throws IOException {
        try (LogCapture error = new LogCapture(LogKind.ERROR)) {
            TcpListener listener = start(Settings.service("fail-test"));
            try (Peer peer = Peer.connect(address(listener))) {
                peer.line();
                peer.send("FAIL\r\n");
                assertThat(peer.closedByServer()).isTrue();
            }
            Await.until("error log line", () -> error.has("fail-test", "127.0.0.1", "handler bug on purpose", "IllegalStateException"));
            try (Peer peer = Peer.connect(address(listener))) {
                assertThat(peer.line()).isEqualTo("+OK ready");
            }
        }
    }

    @Test
    void garbage_200MisbehavingPeers_listenerStillServesAndNothingLeaks() throws Exception {
        try (LogCapture error = new LogCapture(LogKind.ERROR)) {
            TcpListener listener = start(Settings.service("garbage-test")
                    .bindings(Settings.plain(), Settings.implicitTls())
                    .idleTimeout(Duration.ofMillis(500))
                    .maxLineLength(256));
            InetSocketAddress plain = listener.boundAddresses().get(0);
            InetSocketAddress tls = listener.boundAddresses().get(1);
            List<Future<?>> peers = new ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 200; i++) {
                    Random random = new Random(i);
                    InetSocketAddress target = i % 3 == 0 ? tls : plain;
                    int kind = i % 6;
                    peers.add(clients.submit(() -> misbehave(target, kind, random)));
                }
                for (Future<?> f : peers) f.get();
            }
            Await.until("all garbage connections released", () -> listener.activeConnections() == 0);
            try (Peer peer = Peer.connect(plain)) {
                assertThat(peer.line()).isEqualTo("+OK ready");
                peer.send("STILL HERE\r\n");
                assertThat(peer.line()).isEqualTo("+OK echo STILL HERE");
            }
            try (Peer peer = Peer.connectTls(tls)) {
                assertThat(peer.line()).isEqualTo("+OK ready");
            }
            assertThat(error.lines()).filteredOn(l -> l.contains("garbage-test")).isEmpty();
        }
    }

    /** One rude peer; its own I/O errors (resets) are expected and ignored. */
    private static Void misbehave(InetSocketAddress target, int kind, Random random) {
        try (Socket s = new Socket()) {
            s.connect(target, 10_000);
            s.setSoTimeout(10_000);
            switch (kind) {
                case 0 -> { }
                case 1 -> s.getOutputStream().write(randomBytes(random, 1 + random.nextInt(3_000)));
                case 2 -> s.getOutputStream().write("HALF A LI".getBytes(StandardCharsets.US_ASCII));
                case 3 -> {
                    s.getOutputStream().write(randomBytes(random, 2_000));
                    s.getOutputStream().write("\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.shutdownOutput();
                    s.getInputStream().transferTo(OutputStream.nullOutputStream());
                }
                case 4 -> s.getInputStream().transferTo(OutputStream.nullOutputStream());
                default -> {
                    s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
                    s.getOutputStream().write("z".repeat(10_000).getBytes(StandardCharsets.US_ASCII));
                }
            }
        } catch (IOException expected) {
            // Servers reset rude peers; that is the point.
        }
        return null;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Test
    void stop_inFlightConnection_finishesWithinGraceWhileNewOnesRefused() throws Exception {
        TcpListener listener = start(Settings.service("grace"));
        InetSocketAddress address = address(listener);
        try (Peer peer = Peer.connect(address)) {
            assertThat(peer.line()).isEqualTo("+OK ready");
            Thread stopper = Thread.ofVirtual().start(() -> listener.stop(Duration.ofSeconds(30)));
            Await.until("new connections refused", () -> refusesConnections(address));
            peer.send("STILL SERVED\r\n");
            assertThat(peer.line()).isEqualTo("+OK echo STILL SERVED");
            peer.send("QUIT\r\n");
            assertThat(peer.line()).isEqualTo("+OK bye");
            assertThat(stopper.join(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(listener.activeConnections()).isZero();
        assertThat(listener.boundAddresses()).isEmpty();
    }

    @Test
    void stop_graceExpires_inFlightConnectionClosed() throws Exception {
        TcpListener listener = start(Settings.service("grace-expiry").idleTimeout(Duration.ZERO));
        try (Peer peer = Peer.connect(address(listener))) {
            assertThat(peer.line()).isEqualTo("+OK ready");
            long started = System.nanoTime();
            listener.stop(Duration.ofMillis(200));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(150), Duration.ofSeconds(5));
            assertThat(peer.closedByServer()).isTrue();
        }
        assertThat(listener.activeConnections()).isZero();
    }

    @Test
    void start_portInUse_ioExceptionNamesServiceAddressAndPort() throws IOException {
        TcpListener holder = start(Settings.service("holder"));
        int port = address(holder).getPort();
        TcpListener clash = new TcpListener(Settings.service("smtp-clash")
                .bindings(Settings.plain(), new Binding("127.0.0.1", port, TlsMode.NONE)).build(), null, echo);
        listeners.add(clash);
        assertThatThrownBy(clash::start)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("smtp-clash")
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("in use");
        assertThat(clash.boundAddresses()).isEmpty();
        try (Peer peer = Peer.connect(address(holder))) {
            assertThat(peer.line()).isEqualTo("+OK ready");
        }
    }

    @Test
    void start_disabledService_bindsNothing() throws IOException {
        ListenerSettings off = new ListenerSettings("off", false, List.of(Settings.plain()), null, 0, 0, Duration.ofSeconds(1), 100);
        TcpListener listener = new TcpListener(off, null, echo);
        listeners.add(listener);
        listener.start();
        assertThat(listener.boundAddresses()).isEmpty();
    }

    @Test
    void constructor_implicitTlsWithoutCertificate_rejected() {
        ListenerSettings settings = Settings.service("imaps").bindings(Settings.implicitTls()).build();
        assertThatThrownBy(() -> new TcpListener(settings, null, echo))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("imaps");
    }
}
