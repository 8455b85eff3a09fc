package org.switchboard.web.console;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.switchboard.core.log.LogKind;
import org.switchboard.web.api.ApiContext;

/**
 * The dashboard's memory: every {@link #INTERVAL} the app's timer calls {@link #sample}, which
 * records CPU, memory, the data directory's disk, open connections, blocked addresses, and the
 * mail and phone activity and the queue's length; the last hour is kept in memory (a restart starts a new hour). Thread-safe.
 */
public final class Sampler {
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    static final int KEEP = 360;

    /** One measurement; percentages are 0..100, or -1 when the platform cannot tell. */
    public record Sample(Instant at, double cpuPercent, double processCpuPercent, double memoryPercent, long heapUsedBytes,
                         long heapMaxBytes, double diskPercent, long diskFreeBytes, long diskTotalBytes, int connections,
                         int blocked, int mailSessions, int phones, int calls, int queued,
                         long messagesIn, long messagesOut) {}

    /** What the wired-in services are doing: IMAP/POP3 sessions, registered phones, calls in progress, messages queued. */
    public record Activity(int mailSessions, int phones, int calls, int queued, long messagesIn, long messagesOut) {
        public static final Activity NONE = new Activity(0, 0, 0, 0, 0, 0);
    }

    private final InstantSource clock;
    private final Path dataDir;
    private final Supplier<List<ApiContext.ServiceStatus>> services;
    private final IntSupplier blocked;
    private final Supplier<Activity> activity;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();

    public Sampler(InstantSource clock, Path dataDir, Supplier<List<ApiContext.ServiceStatus>> services, IntSupplier blocked,
                   Supplier<Activity> activity) {
        this.clock = clock;
        this.dataDir = dataDir;
        this.services = services;
        this.blocked = blocked;
        this.activity = activity;
    }

    /** Takes one measurement; never throws (a timer task that throws is never run again). */
    public void sample() {
        try {
            add(measure());
        } catch (RuntimeException e) {
            LogKind.WARNING.log("dashboard sampler: {}", e.toString());
        }
    }

    void add(Sample s) {
        lock.lock();
        try {
            samples.addLast(s);
            while (samples.size() > KEEP) samples.removeFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Oldest first, at most the last hour. */
    public List<Sample> samples() {
        lock.lock();
        try {
            return List.copyOf(samples);
        } finally {
            lock.unlock();
        }
    }

    private Sample measure() {
        double cpu = -1, processCpu = -1, memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            cpu = percent(os.getCpuLoad());
            processCpu = percent(os.getProcessCpuLoad());
            long total = os.getTotalMemorySize();
            if (total > 0) memory = 100.0 * (total - os.getFreeMemorySize()) / total;
        }
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        long diskFree = -1, diskTotal = -1;
        double disk = -1;
        try {
            FileStore fs = Files.getFileStore(dataDir);
            diskTotal = fs.getTotalSpace();
            diskFree = fs.getUsableSpace();
            if (diskTotal > 0) disk = 100.0 * (diskTotal - diskFree) / diskTotal;
        } catch (IOException e) {
            LogKind.WARNING.log("dashboard sampler: cannot read the disk of {}: {}", dataDir, e.getMessage());
        }
        int connections = services.get().stream().mapToInt(ApiContext.ServiceStatus::activeConnections).sum();
        Activity a = activity.get();
        return new Sample(clock.instant(), cpu, processCpu, memory, heapUsed, rt.maxMemory(), disk, diskFree, diskTotal,
                connections, blocked.getAsInt(), a.mailSessions(), a.phones(), a.calls(), a.queued(), a.messagesIn(), a.messagesOut());
    }

    private static double percent(double load) { return load < 0 || Double.isNaN(load) ? -1 : Math.min(100, load * 100); }
}
