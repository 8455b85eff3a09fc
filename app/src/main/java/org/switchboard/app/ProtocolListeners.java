package org.switchboard.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.switchboard.core.definitions.IpGroups;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.settings.ServiceSettings;
import org.switchboard.core.settings.ServicesSettings;
import org.switchboard.net.Binding;
import org.switchboard.net.ConnectionHandler;
import org.switchboard.net.ListenerSettings;
import org.switchboard.net.TcpListener;
import org.switchboard.net.TlsMode;
import org.switchboard.web.api.ApiContext;

/**
 * The TCP protocol services (POP3, IMAP, SMTP, ...) on the net listener framework: one
 * {@link TcpListener} per service, built from its settings plus the port offset, restarted
 * when its settings change (and put back as it was if the new settings cannot bind).
 */
final class ProtocolListeners {
    private final Supplier<ServicesSettings> settings;
    private final IpGroups ipGroups;
    private final SSLContext tls;
    private final int portOffset;
    private final Map<String, ConnectionHandler> handlers = new LinkedHashMap<>();
    private final Map<String, TcpListener> running = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

    ProtocolListeners(Supplier<ServicesSettings> settings, IpGroups ipGroups, SSLContext tls, int portOffset) {
        this.settings = settings;
        this.ipGroups = ipGroups;
        this.tls = tls;
        this.portOffset = portOffset;
    }

    void add(String service, ConnectionHandler handler) { handlers.put(service, handler); }

    /** Starts every enabled service; one that cannot bind is reported in the Error log and its status, the rest run. */
    void startAll() {
        lock.lock();
        try {
            for (String name : handlers.keySet()) start(name);
        } finally {
            lock.unlock();
        }
    }

    private void start(String name) {
        ServiceSettings s = settings.get().service(name);
        errors.remove(name);
        if (!s.enabled()) return;
        TcpListener l = new TcpListener(listenerSettings(s), tls, handlers.get(name));
        try {
            l.start();
            running.put(name, l);
        } catch (Exception e) {
            errors.put(name, e.getMessage());
            LogKind.ERROR.log("Service {} could not start: {}", name, e.getMessage());
        }
    }

    ListenerSettings listenerSettings(ServiceSettings s) {
        List<Binding> bindings = new ArrayList<>();
        for (ServiceSettings.Listen l : s.listen()) {
            bindings.add(new Binding(l.address(), l.port() + portOffset, l.tls() ? TlsMode.IMPLICIT : TlsMode.NONE));
        }
        String group = s.allowedIpGroup();
        return new ListenerSettings(s.name(), s.enabled(), bindings, group == null ? null : a -> ipGroups.contains(group, a),
                s.maxConnections(), 0, Duration.ofSeconds(s.idleTimeoutSeconds()), s.maxLineLength());
    }

    /** Applies changed settings: restarts only the services whose settings differ. */
    void apply(ServicesSettings before, ServicesSettings after) {
        lock.lock();
        try {
            applyLocked(before, after);
        } finally {
            lock.unlock();
        }
    }

    private void applyLocked(ServicesSettings before, ServicesSettings after) {
        for (String name : handlers.keySet()) {
            if (before.service(name).equals(after.service(name))) continue;
            TcpListener old = running.remove(name);
            if (old != null) old.stop(Duration.ofSeconds(5));
            start(name);
            if (errors.containsKey(name) && before.service(name).enabled()) {
                LogKind.ERROR.log("Service {}: new settings failed ({}); restoring the previous ones", name, errors.get(name));
                TcpListener back = new TcpListener(listenerSettings(before.service(name)), tls, handlers.get(name));
                try {
                    back.start();
                    running.put(name, back);
                } catch (Exception e) {
                    LogKind.ERROR.log("Service {} could not be restored: {}", name, e.getMessage());
                }
            }
        }
    }

    List<ApiContext.ServiceStatus> status() {
        lock.lock();
        try {
            return statusLocked();
        } finally {
            lock.unlock();
        }
    }

    private List<ApiContext.ServiceStatus> statusLocked() {
        List<ApiContext.ServiceStatus> out = new ArrayList<>();
        for (String name : handlers.keySet()) {
            ServiceSettings s = settings.get().service(name);
            TcpListener l = running.get(name);
            out.add(new ApiContext.ServiceStatus(name, s.enabled(), l != null,
                    l == null ? List.of() : l.boundAddresses().stream().map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList(),
                    l == null ? 0 : l.activeConnections(), errors.get(name)));
        }
        return out;
    }

    void stopAll(Duration grace) {
        lock.lock();
        try {
            running.values().parallelStream().forEach(l -> l.stop(grace));
            running.clear();
        } finally {
            lock.unlock();
        }
    }
}
