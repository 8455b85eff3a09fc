package org.switchboard.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.core.log.LogKind;

class TlsTest {
    private final List<TcpListener> listeners = new ArrayList<>();
    private final EchoHandler echo = new EchoHandler();

    @TempDir
    Path temp;

    @AfterEach
    void stopListeners() {
        listeners.forEach(l -> l.stop(Duration.ZERO));
    }

    private InetSocketAddress start(Settings settings) throws IOException {
        TcpListener listener = new TcpListener(settings.build(), TestTls.server(), echo);
        listeners.add(listener);
        listener.start();
        return listener.boundAddresses().getFirst();
    }

    private InetSocketAddress implicitTls() throws IOException {
        return start(Settings.service("tls").bindings(Settings.implicitTls()));
    }

    record Run(int exitCode, String output) {}

    /** Runs openssl with {@code input} on stdin; stdout and stderr together. */
    private Run openssl(String input, String... args) throws Exception {
        assumeTrue(onPath("openssl"), "openssl is not on the PATH");
        Path in = Files.writeString(temp.resolve("in-" + System.nanoTime()), input);
        Path out = temp.resolve("out-" + System.nanoTime());
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl did not finish: " + Files.readString(out));
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1));
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    private static String connect(InetSocketAddress a) {
        return "127.0.0.1:" + a.getPort();
    }

    @Test
    void implicitTls_opensslClient_echoesOverTls13() throws Exception {
        InetSocketAddress address = implicitTls();
        Run run = openssl("HELLO\nTLS?\nQUIT\n", "s_client", "-connect", connect(address), "-quiet", "-crlf");
        assertThat(run.output()).contains("+OK ready", "+OK echo HELLO", "+OK tls TLSv1.3", "+OK bye");
    }

    @Test
    void implicitTls_opensslTls12Client_accepted() throws Exception {
        InetSocketAddress address = implicitTls();
        Run run = openssl("TLS?\nQUIT\n", "s_client", "-connect", connect(address), "-quiet", "-crlf", "-tls1_2");
        assertThat(run.output()).contains("+OK tls TLSv1.2", "+OK bye");
    }

    @Test
    void implicitTls_opensslTls11Client_refused() throws Exception {
        InetSocketAddress address = implicitTls();
        // SECLEVEL=0 so the client is willing to offer TLS 1.1 at all; the refusal must come from the server.
        Run run = openssl("TLS?\nQUIT\n", "s_client", "-connect", connect(address), "-quiet", "-crlf",
                "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).doesNotContain("+OK").containsIgnoringCase("alert");
    }

    @Test
    void implicitTls_jdkClient_echoesOverTls13() throws IOException {
        InetSocketAddress address = implicitTls();
        try (Peer peer = Peer.connectTls(address)) {
            assertThat(((SSLSocket) peer.socket()).getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(peer.line()).isEqualTo("+OK ready");
            peer.send("HELLO\r\nTLS?\r\n");
            assertThat(peer.line()).isEqualTo("+OK echo HELLO");
            assertThat(peer.line()).isEqualTo("+OK tls TLSv1.3");
        }
    }

    @Test
    void implicitTls_silentPeer_closedAfterHandshakeTimeout() throws IOException {
        InetSocketAddress address = start(Settings.service("tls-silent").bindings(Settings.implicitTls())
                .idleTimeout(Duration.ofMillis(300)));
        try (Peer peer = Peer.connect(address)) {
            assertThat(peer.closedByServer()).isTrue();
        }
        assertThat(echo.served).hasValue(0);
    }

    @Test
    void startTls_jdkClient_upgradesThenEchoesOverTls() throws IOException {
        InetSocketAddress address = start(Settings.service("starttls"));
        try (Peer peer = Peer.connect(address)) {
            assertThat(peer.line()).isEqualTo("+OK ready");
            peer.send("TLS?\r\nSTARTTLS\r\n");
            assertThat(peer.line()).isEqualTo("+OK plain");
            assertThat(peer.line()).isEqualTo("+OK begin TLS");
            peer.startTls();
            peer.send("TLS?\r\nSECRET\r\nSTARTTLS\r\n");
            assertThat(peer.line()).isEqualTo("+OK tls TLSv1.3");
            assertThat(peer.line()).isEqualTo("+OK echo SECRET");
            assertThat(peer.line()).isEqualTo("-ERR TLS not available");
        }
    }

    @Test
    void startTls_opensslPop3Client_upgradesThenEchoesOverTls() throws Exception {
        InetSocketAddress address = start(Settings.service("pop3-like"));
        Run run = openssl("TLS?\nQUIT\n", "s_client", "-connect", connect(address), "-starttls", "pop3", "-quiet", "-crlf");
        assertThat(run.output()).contains("+OK tls TLSv1.3", "+OK bye");
    }

    @Test
    void startTls_pipelinedCommand_refusedAndNeverExecuted() throws IOException {
        try (LogCapture security = new LogCapture(LogKind.SECURITY)) {
            InetSocketAddress address = start(Settings.service("inject-test"));
            try (Peer peer = Peer.connect(address)) {
                assertThat(peer.line()).isEqualTo("+OK ready");
                peer.send("STARTTLS\r\nTLS?\r\n");
                assertThat(peer.line()).isEqualTo("+OK begin TLS");
                assertThat(peer.line()).startsWith("-ERR STARTTLS refused").contains("6 bytes");
                assertThat(peer.closedByServer()).isTrue();
            }
            assertThat(security.has("inject-test", "127.0.0.1", "STARTTLS", "6 bytes")).isTrue();
        }
    }

    @Test
    void startTls_noCertificate_notOffered() throws IOException {
        TcpListener listener = new TcpListener(Settings.service("no-cert").build(), null, echo);
        listeners.add(listener);
        listener.start();
        try (Peer peer = Peer.connect(listener.boundAddresses().getFirst())) {
            peer.line();
            peer.send("STARTTLS\r\nTLS?\r\n");
            assertThat(peer.line()).isEqualTo("-ERR TLS not available");
            assertThat(peer.line()).isEqualTo("+OK plain");
        }
    }

    @Test
    void layer_anySocket_enablesOnlyTls13And12() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket accepted = server.accept();
             SSLSocket tls = ServerTls.layer(TestTls.server(), accepted)) {
            assertThat(client.isConnected()).isTrue();
            assertThat(tls.getUseClientMode()).isFalse();
            assertThat(tls.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        }
    }
}
