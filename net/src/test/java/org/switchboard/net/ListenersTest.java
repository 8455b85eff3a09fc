package org.switchboard.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ListenersTest {
    private final EchoHandler echo = new EchoHandler();

    private TcpListener listener(String service, Binding binding) {
        return new TcpListener(Settings.service(service).bindings(binding).idleTimeout(Duration.ZERO).build(), null, echo);
    }

    @Test
    void startAll_oneBindingFails_startedOnesStoppedAndFailureRethrown() throws IOException {
        try (ServerSocket occupied = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Listeners all = new Listeners();
            TcpListener first = listener("first", Settings.plain());
            TcpListener second = listener("second", new Binding("127.0.0.1", occupied.getLocalPort(), TlsMode.NONE));
            all.add(first);
            all.add(second);
            assertThatThrownBy(all::startAll).isInstanceOf(IOException.class).hasMessageContaining("second");
            assertThat(first.boundAddresses()).isEmpty();
            assertThatThrownBy(first::start).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void stopAll_inFlightConnections_allListenersStopAndCloseThem() throws IOException {
        Listeners all = new Listeners();
        TcpListener a = listener("a", Settings.plain());
        TcpListener b = listener("b", Settings.plain());
        all.add(a);
        all.add(b);
        all.startAll();
        InetSocketAddress aAddress = a.boundAddresses().getFirst();
        InetSocketAddress bAddress = b.boundAddresses().getFirst();
        try (Peer pa = Peer.connect(aAddress); Peer pb = Peer.connect(bAddress)) {
            assertThat(pa.line()).isEqualTo("+OK ready");
            assertThat(pb.line()).isEqualTo("+OK ready");
            all.stopAll(Duration.ofMillis(100));
            assertThat(pa.closedByServer()).isTrue();
            assertThat(pb.closedByServer()).isTrue();
        }
        assertThat(a.activeConnections() + b.activeConnections()).isZero();
        for (InetSocketAddress address : new InetSocketAddress[] {aAddress, bAddress}) {
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(address, 2_000);
                }
            }).isInstanceOf(ConnectException.class);
        }
    }
}
