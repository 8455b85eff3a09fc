package org.switchboard.net;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The server's listeners, started together and stopped together. Thread-safe. Starting is all or
 * nothing so a server never runs with half its ports; stopping runs every listener's grace period at
 * the same time rather than one after another.
 */
public final class Listeners {
    private final List<TcpListener> listeners = new CopyOnWriteArrayList<>();

    public void add(TcpListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public List<TcpListener> all() { return List.copyOf(listeners); }

    /**
     * Starts every listener in the order added. If one fails, those already started are stopped at
     * once and the failure is rethrown; stopped listeners cannot be started again.
     */
    public void startAll() throws IOException {
        List<TcpListener> started = new ArrayList<>();
        for (TcpListener listener : listeners) {
            try {
                listener.start();
            } catch (IOException | RuntimeException e) {
                for (TcpListener s : started.reversed()) s.stop(Duration.ZERO);
                throw e;
            }
            started.add(listener);
        }
    }

    /** Stops all listeners in parallel, each with {@code grace} for its in-flight connections. */
    public void stopAll(Duration grace) {
        List<Thread> stopping = new ArrayList<>();
        for (TcpListener listener : listeners) {
            stopping.add(Thread.ofVirtual().name("stop-" + listener.settings().service()).start(() -> listener.stop(grace)));
        }
        boolean interrupted = false;
        for (Thread t : stopping) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    // Keep waiting: returning early would report ports as free while they are still held.
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
