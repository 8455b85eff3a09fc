package org.switchboard.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import org.switchboard.net.Connection;

/** {@link ImapChannel} over a listener's {@link Connection}. */
final class ConnectionChannel implements ImapChannel {
    private final Connection connection;

    ConnectionChannel(Connection connection) {
        this.connection = connection;
    }

    @Override
    public InputStream input() { return connection.input(); }

    @Override
    public OutputStream output() { return connection.output(); }

    @Override
    public InetAddress remoteAddress() { return connection.remote().getAddress(); }

    @Override
    public boolean isSecure() { return connection.isSecure(); }

    @Override
    public boolean canStartTls() { return connection.canUpgradeToTls(); }

    @Override
    public void startTls() throws IOException { connection.upgradeToTls(); }

    @Override
    public void setIdleTimeout(Duration timeout) { connection.setIdleTimeout(timeout); }
}
