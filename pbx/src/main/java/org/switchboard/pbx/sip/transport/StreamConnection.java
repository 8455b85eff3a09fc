package org.switchboard.pbx.sip.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;
import org.switchboard.net.Connection;

/**
 * A TCP or TLS connection as a flow: writes from any thread are serialized by a lock held only for the write.
 * Closed when its reading thread ends.
 */
public final class StreamConnection {
    private final Connection connection;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile boolean open = true;

    StreamConnection(Connection connection) {
        this.connection = connection;
    }

    public boolean isOpen() { return open; }

    void closed() { open = false; }

    boolean write(byte[] bytes) {
        if (!open) return false;
        writeLock.lock();
        try {
            OutputStream out = connection.output();
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            open = false;
            return false;
        } finally {
            writeLock.unlock();
        }
    }
}
