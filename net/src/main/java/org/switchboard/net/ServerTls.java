package org.switchboard.net;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Turns an accepted TCP socket into the server side of a TLS connection. Both implicit TLS and STARTTLS
 * go through here so the protocol policy lives in one place: TLS 1.3 and 1.2 only (RFC 8996 deprecates
 * 1.0 and 1.1), the server's cipher order.
 */
final class ServerTls {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ServerTls() {
    }

    /** Layers TLS over {@code plain} without handshaking; closing the result closes {@code plain}. */
    static SSLSocket layer(SSLContext context, Socket plain) throws IOException {
        // This overload creates a server-mode socket; null: nothing was read ahead of the handshake.
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setUseCipherSuitesOrder(true);
        tls.setSSLParameters(parameters);
        tls.setEnabledProtocols(PROTOCOLS);
        return tls;
    }
}
