package org.switchboard.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;

/**
 * The transport under one session: a TCP connection from the listener, or in-memory streams in tests.
 * Used by the session's thread only (and by the IDLE notifier while the session thread waits for DONE).
 */
interface ImapChannel {
    InputStream input();

    OutputStream output();

    InetAddress remoteAddress();

    boolean isSecure();

    boolean canStartTls();

    /** RFC 9051 §6.2.1: after the tagged OK; the streams stay the same objects. */
    void startTls() throws IOException;

    void setIdleTimeout(Duration timeout);
}
