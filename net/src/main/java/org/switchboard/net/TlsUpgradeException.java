package org.switchboard.net;

import java.io.IOException;

/**
 * STARTTLS could not start: TLS is already on, no certificate is configured, or the peer sent bytes
 * after the command that would otherwise be read as if they came through TLS (CVE-2021-38542).
 * The socket is untouched; the session decides whether to answer and close.
 */
public final class TlsUpgradeException extends IOException {
    public TlsUpgradeException(String message) {
        super(message);
    }
}
