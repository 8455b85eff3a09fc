package org.switchboard.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides whether to talk to one admin server. A certificate the JDK trusts for the host name is
 * accepted (a CA may renew it at any time); otherwise, as with ssh, the server's certificate is
 * trusted on first use, pinned by SHA-256 in {@link KnownServers}, and a different one is refused.
 * Pinned certificates skip the host name check: the pin names the exact certificate. As an
 * X509ExtendedTrustManager it replaces JSSE's own host name check rather than adding to it.
 * Called on the HTTP client's threads; the lock keeps "check, then remember" whole.
 */
final class PinningTrustManager extends X509ExtendedTrustManager {
    private final String hostPort;
    private final KnownServers known;
    private final boolean insecure;
    private final PrintStream err;
    private final X509ExtendedTrustManager system;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile String refusal;

    PinningTrustManager(String hostPort, KnownServers known, boolean insecure, PrintStream err) {
        this.hostPort = hostPort;
        this.known = known;
        this.insecure = insecure;
        this.err = err;
        this.system = insecure ? null : systemTrustManager();
    }

    /** Why the last handshake was refused, for the error message (the HTTP client wraps it beyond recognition). */
    Optional<String> refusal() { return Optional.ofNullable(refusal); }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        if (insecure) return;
        if (system != null) {
            try {
                system.checkServerTrusted(chain, authType, engine);
                return;
            } catch (CertificateException notFromAKnownAuthority) {
                // Expected for the server's self-signed certificate: the pin decides.
            }
        }
        checkPinned(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        if (insecure) return;
        if (system != null) {
            try {
                system.checkServerTrusted(chain, authType, socket);
                return;
            } catch (CertificateException notFromAKnownAuthority) {
                // As above.
            }
        }
        checkPinned(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (!insecure) checkPinned(chain);
    }

    private void checkPinned(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) throw refuse("the server at " + hostPort + " sent no certificate");
        String actual = fingerprint(chain[0]);
        lock.lock();
        try {
            Optional<String> expected = known.fingerprint(hostPort);
            if (expected.isEmpty()) {
                err.println("Trusting the certificate of " + hostPort + " (SHA-256 " + actual + ") on first use");
                err.flush();
                try {
                    known.remember(hostPort, actual);
                } catch (IOException e) {
                    err.println("switchboard: could not remember it in " + known.file() + ": " + e.getMessage());
                    err.flush();
                }
            } else if (!expected.get().equals(actual)) {
                throw refuse("the certificate of " + hostPort + " has changed (SHA-256 now " + actual + ", remembered "
                        + expected.get() + "). If the server's certificate was replaced on purpose, remove the line for "
                        + hostPort + " from " + known.file() + " (or use --insecure); otherwise someone may be intercepting the connection");
            }
        } catch (IOException e) {
            throw refuse("cannot read " + known.file() + ": " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private CertificateException refuse(String why) {
        refusal = why;
        return new CertificateException(why);
    }

    static String fingerprint(X509Certificate cert) throws CertificateEncodingException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static X509ExtendedTrustManager systemTrustManager() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) return x;
            }
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the admin CLI is a client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the admin CLI is a client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the admin CLI is a client only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
}
