package org.switchboard.pbx.media;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.switchboard.core.log.LogKind;

/**
 * The 20 ms packet clock of the exchange's own media (RFC 3551 §4.5: 20 ms is the default G.711 packet time):
 * one platform thread, at a fixed rate, asks every active endpoint to send its next frame. A tick only encodes
 * 160 samples and hands one datagram to the kernel per endpoint, so one thread serves hundreds of endpoints; a
 * platform thread keeps the rate steadier than a virtual one would under a busy carrier pool. Thread-safe.
 */
public final class MediaClock implements AutoCloseable {
    public static final int FRAME_MILLIS = 20;
    public static final int FRAME_SAMPLES = Wav.RATE * FRAME_MILLIS / 1000;

    private final Set<RtpEndpoint> endpoints = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "media-clock");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        return t;
    });

    public MediaClock() {
        timer.scheduleAtFixedRate(this::tick, FRAME_MILLIS, FRAME_MILLIS, TimeUnit.MILLISECONDS);
    }

    void add(RtpEndpoint e) { endpoints.add(e); }

    void remove(RtpEndpoint e) { endpoints.remove(e); }

    public int active() { return endpoints.size(); }

    private void tick() {
        for (RtpEndpoint e : endpoints) {
            try {
                e.tick();
            } catch (RuntimeException ex) {
                // One broken endpoint must not stop the clock for every other call.
                LogKind.debug("rtp", "media tick failed: {}", ex.toString());
                endpoints.remove(e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        endpoints.clear();
    }
}
