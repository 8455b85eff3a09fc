package org.switchboard.imap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.switchboard.core.tls.TlsMaterial;
import org.switchboard.net.Binding;
import org.switchboard.net.ListenerSettings;
import org.switchboard.net.TcpListener;
import org.switchboard.net.TlsMode;
import org.switchboard.store.mail.MailStore;

/** An {@link ImapService} on free loopback ports: one plain (STARTTLS) and one implicit TLS binding. */
final class TcpServer implements AutoCloseable {
    final ImapService service;
    final TcpListener listener;
    final TlsMaterial tls;

    TcpServer(ImapFixture fixture, MailStore store) {
        try {
            tls = TlsMaterial.loadOrCreate(fixture.dir.resolve("certs"), "localhost");
            service = fixture.service(store);
            ListenerSettings settings = new ListenerSettings("imap", true, List.of(new Binding("127.0.0.1", 0, TlsMode.NONE),
                    new Binding("127.0.0.1", 0, TlsMode.IMPLICIT)), null, 0, 0, Duration.ofMinutes(2), 64 * 1024);
            listener = service.listener(settings, tls.sslContext());
            listener.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int plainPort() { return port(0); }

    int tlsPort() { return port(1); }

    private int port(int i) {
        InetSocketAddress a = listener.boundAddresses().get(i);
        return a.getPort();
    }

    @Override
    public void close() {
        listener.stop(Duration.ofSeconds(2));
    }
}
