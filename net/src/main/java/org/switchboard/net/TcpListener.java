package org.switchboard.net;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.switchboard.core.log.LogKind;

/**
 * Accepts TCP connections for one service on all its bindings and runs the handler for each on its own
 * virtual thread. One platform thread per binding accepts; refusals (IP restriction, limits) happen there
 * before any byte is read, TLS handshakes happen on the connection's thread. Slots are counted with
 * semaphores in {@link ConnectionQuota}. Lifecycle: NEW -> RUNNING -> STOPPED, once; start and stop are
 * serialized by a lock, everything else is lock-free.
 */
public final class TcpListener implements Closeable {
    private static final int BACKLOG = 256;
    private static final Duration FORCED_CLOSE_WAIT = Duration.ofSeconds(2);
    private static final long ACCEPT_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private enum State { NEW, RUNNING, STOPPED }

    private final ListenerSettings settings;
    private final String service;
    private final SSLContext tls;
    private final ConnectionHandler handler;
    private final ConnectionQuota quota;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final List<ServerSocket> servers = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ReentrantLock lifecycle = new ReentrantLock();
    private volatile State state = State.NEW;
    private ExecutorService connections;

    /**
     * @param tls server certificate for IMPLICIT bindings and STARTTLS; null if the service has neither
     * @throws IllegalArgumentException a binding is IMPLICIT but {@code tls} is null
     */
    public TcpListener(ListenerSettings settings, SSLContext tls, ConnectionHandler handler) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.service = settings.service();
        this.tls = tls;
        for (Binding b : settings.bindings()) {
            if (b.tls() == TlsMode.IMPLICIT && tls == null) {
                throw new IllegalArgumentException(service + ": binding " + b + " uses implicit TLS but no certificate is configured");
            }
        }
        this.quota = new ConnectionQuota(settings.maxConnections(), settings.maxConnectionsPerIp());
    }

    public ListenerSettings settings() { return settings; }

    /**
     * Binds every binding, then starts accepting. All or nothing: if one binding fails, those already
     * bound are released. A disabled service binds nothing.
     *
     * @throws IOException naming the service, address and port that could not be bound
     * @throws IllegalStateException started or stopped before
     */
    public void start() throws IOException {
        lifecycle.lock();
        try {
            if (state != State.NEW) throw new IllegalStateException(service + ": listener was already started");
            if (!settings.enabled()) {
                LogKind.debug("net", "{}: disabled, not listening", service);
                state = State.RUNNING;
                return;
            }
            List<ServerSocket> bound = new ArrayList<>();
            try {
                for (Binding b : settings.bindings()) bound.add(bind(b));
            } catch (IOException e) {
                bound.forEach(TcpListener::closeQuietly);
                throw e;
            }
            connections = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(service + "-", 0).factory());
            servers.addAll(bound);
            state = State.RUNNING;
            for (int i = 0; i < bound.size(); i++) {
                ServerSocket server = bound.get(i);
                Binding binding = settings.bindings().get(i);
                String where = display((InetSocketAddress) server.getLocalSocketAddress());
                threads.add(Thread.ofPlatform().daemon().name("accept-" + service + "-" + where)
                        .start(() -> acceptLoop(server, binding, where)));
                LogKind.debug("net", "{}: listening on {}", service, where);
            }
            if (!settings.idleTimeout().isZero()) {
                threads.add(Thread.ofVirtual().name(service + "-write-watchdog").start(this::watchBlockedWrites));
            }
        } finally {
            lifecycle.unlock();
        }
    }

    /** Where the listener actually listens (ports resolved when a binding asked for 0); empty unless running. */
    public List<InetSocketAddress> boundAddresses() {
        return servers.stream().map(s -> (InetSocketAddress) s.getLocalSocketAddress()).toList();
    }

    public int activeConnections() { return open.size(); }

    /**
     * Stops accepting at once (new connections are refused by the system), lets in-flight connections
     * run for up to {@code grace}, then closes their sockets. Returns when their threads have ended or,
     * for a handler that ignores its closed socket, after a short extra wait. Idempotent.
     */
    public void stop(Duration grace) {
        lifecycle.lock();
        try {
            if (state == State.STOPPED) return;
            boolean wasRunning = state == State.RUNNING;
            state = State.STOPPED;
            if (!wasRunning || connections == null) return;
            servers.forEach(TcpListener::closeQuietly);
            servers.clear();
            connections.shutdown();
            if (!awaitTermination(grace)) {
                LogKind.debug("net", "{}: closing {} connections still open after the grace period", service, open.size());
                open.forEach(Connection::abort);
                connections.shutdownNow();
                if (!awaitTermination(FORCED_CLOSE_WAIT)) {
                    LogKind.WARNING.log("{}: {} connection handlers did not end after their sockets were closed", service, open.size());
                }
            }
            for (Thread t : threads) {
                t.interrupt();
                join(t);
            }
            threads.clear();
        } finally {
            lifecycle.unlock();
        }
    }

    /** {@code stop(Duration.ofSeconds(5))}. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    private ServerSocket bind(Binding binding) throws IOException {
        InetAddress address;
        try {
            address = InetAddress.getByName(binding.address());
        } catch (UnknownHostException e) {
            throw new IOException(service + ": cannot listen on " + binding + ": unknown address", e);
        }
        ServerSocket server = new ServerSocket();
        try {
            // Lets a restarted server bind while old connections sit in TIME_WAIT; a live listener still conflicts.
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address, binding.port()), BACKLOG);
            return server;
        } catch (IOException e) {
            closeQuietly(server);
            throw new IOException(service + ": cannot listen on " + binding + ": " + e.getMessage(), e);
        }
    }

    private void acceptLoop(ServerSocket server, Binding binding, String where) {
        while (state == State.RUNNING) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (state != State.RUNNING || server.isClosed()) return;
                // e.g. out of file descriptors: pausing keeps the loop from spinning while it lasts.
                LogKind.WARNING.log("{}: accepting on {} failed: {}", service, where, e.getMessage());
                LockSupport.parkNanos(ACCEPT_RETRY_NANOS);
                continue;
            }
            admit(socket, binding, where);
        }
    }

    private void admit(Socket socket, Binding binding, String where) {
        InetAddress address = socket.getInetAddress();
        String peer = address.getHostAddress();
        if (state != State.RUNNING) {
            closeQuietly(socket);
            return;
        }
        if (!allowed(address)) {
            LogKind.SECURITY.log("{}: refused connection from {} on {}: address not allowed", service, peer, where);
            closeQuietly(socket);
            return;
        }
        switch (quota.tryAcquire(address)) {
            case SERVICE_FULL -> {
                LogKind.WARNING.log("{}: refused connection from {}: limit of {} connections reached", service, peer, settings.maxConnections());
                closeQuietly(socket);
                return;
            }
            case ADDRESS_FULL -> {
                LogKind.WARNING.log("{}: refused connection from {}: limit of {} connections per address reached",
                        service, peer, settings.maxConnectionsPerIp());
                closeQuietly(socket);
                return;
            }
            case ADMITTED -> { }
        }
        Connection connection;
        try {
            connection = new Connection(service, socket, tls, settings.maxLineLength());
        } catch (IOException e) {
            LogKind.debug("net", "{}: connection from {} lost before it started: {}", service, peer, e.getMessage());
            quota.release(address);
            closeQuietly(socket);
            return;
        }
        open.add(connection);
        try {
            connections.execute(() -> serve(connection, binding, address));
        } catch (RejectedExecutionException e) {
            // stop() shut the executor between our state check and now.
            open.remove(connection);
            quota.release(address);
            connection.abort();
        }
    }

    private boolean allowed(InetAddress address) {
        if (settings.allowed() == null) return true;
        try {
            return settings.allowed().test(address);
        } catch (RuntimeException e) {
            LogKind.ERROR.log("{}: IP restriction failed for {}, connection refused: {}", service, address.getHostAddress(), e.toString(), e);
            return false;
        }
    }

    private void serve(Connection connection, Binding binding, InetAddress address) {
        String peer = address.getHostAddress();
        try {
            Socket socket = connection.rawSocket();
            socket.setSoTimeout(Connection.timeoutMillis(settings.idleTimeout()));
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            // The idle timeout doubles as the handshake timeout: a peer that opens and stays silent is dropped.
            if (binding.tls() == TlsMode.IMPLICIT) connection.startImplicitTls();
            handler.serve(connection);
        } catch (SocketTimeoutException e) {
            LogKind.debug("net", "{}: connection from {} idle for {}, closed", service, peer, settings.idleTimeout());
        } catch (SSLException | SocketException | EOFException | LineTooLongException | TlsUpgradeException e) {
            // The peer's doing (reset, bad handshake, garbage) or our own close during stop: not a server fault.
            LogKind.debug("net", "{}: connection from {} ended: {}", service, peer, e.toString());
        } catch (Throwable e) {
            LogKind.ERROR.log("{}: handler failed on connection from {}: {}", service, peer, e.toString(), e);
        } finally {
            connection.close();
            open.remove(connection);
            quota.release(address);
        }
    }

    /** A blocked socket write has no timeout of its own; this drops peers that stop reading. */
    private void watchBlockedWrites() {
        long limit = settings.idleTimeout().toNanos();
        long tick = Math.clamp(limit / 4, TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.SECONDS.toNanos(1));
        while (state == State.RUNNING) {
            LockSupport.parkNanos(tick);
            if (Thread.interrupted()) return;
            long now = System.nanoTime();
            for (Connection c : open) {
                if (c.writeBlockedNanos(now) > limit) {
                    LogKind.debug("net", "{}: {} stopped reading for {}, closed", service, c.remoteAddress(), settings.idleTimeout());
                    c.abort();
                }
            }
        }
    }

    private static String display(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private boolean awaitTermination(Duration wait) {
        try {
            return connections.awaitTermination(Math.max(wait.toNanos(), 0), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(FORCED_CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Nothing useful to do about a failing close during refusal or shutdown.
        }
    }
}
