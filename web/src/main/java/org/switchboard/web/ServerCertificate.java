package org.switchboard.web;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.switchboard.core.Actor;
import org.switchboard.core.ConfigLog;
import org.switchboard.core.tls.CertificateInfo;
import org.switchboard.core.tls.TlsMaterial;
import org.switchboard.web.api.ApiContext;

/**
 * The certificate in force, as the API and console see it. Regeneration writes the new files
 * first (TlsMaterial replaces them atomically), then tells the listeners; one at a time.
 */
public final class ServerCertificate implements ApiContext.Certificates {
    private final Path certDir;
    private final Supplier<String> hostName;
    private final List<Consumer<SSLContext>> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile TlsMaterial current;

    public ServerCertificate(Path certDir, TlsMaterial initial, Supplier<String> hostName) {
        this.certDir = certDir;
        this.current = initial;
        this.hostName = hostName;
    }

    public SSLContext sslContext() { return current.sslContext(); }

    /** Called with the new context after every replacement. */
    public void onReplace(Consumer<SSLContext> listener) { listeners.add(listener); }

    @Override
    public CertificateInfo info() { return current.info(); }

    @Override
    public CertificateInfo regenerateSelfSigned(Actor actor) throws IOException {
        lock.lock();
        try {
            String host = hostName.get();
            current = TlsMaterial.regenerateSelfSigned(certDir, host);
            ConfigLog.action(actor, "new self-signed certificate for " + host + " (SHA-256 " + current.info().sha256Fingerprint() + ")");
        } finally {
            lock.unlock();
        }
        for (Consumer<SSLContext> l : listeners) l.accept(current.sslContext());
        return current.info();
    }
}
