package org.switchboard.pbx;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Samples, once a second while a benchmark runs, the CPU time of this JVM (the exchange) and of the peer
 * processes (SIPp, Kamailio), and this JVM's used heap; prints averages and peaks. Used by the *Bench classes
 * that bench/*.sh run; not part of the test suite.
 */
final class BenchProbe implements AutoCloseable {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<ProcessHandle> peers = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();
    private final long startCpu = os.getProcessCpuTime();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peakHeap;
    private volatile long peerCpuNanos;
    private final java.util.Map<Long, Long> peerCpu = new java.util.concurrent.ConcurrentHashMap<>();

    BenchProbe() {
        sampler = Thread.ofPlatform().daemon().name("bench-probe").start(() -> {
            while (running) {
                sample();
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
            }
        });
    }

    void watch(Process p) { peers.add(p.toHandle()); }

    private void sample() {
        peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
        for (ProcessHandle h : peers) {
            h.info().totalCpuDuration().ifPresent(d -> peerCpu.put(h.pid(), d.toNanos()));
        }
        peerCpuNanos = peerCpu.values().stream().mapToLong(Long::longValue).sum();
    }

    String summary() {
        sample();
        double wall = (System.nanoTime() - startNanos) / 1e9;
        double cpu = (os.getProcessCpuTime() - startCpu) / 1e9;
        System.gc();
        long afterGc = memory.getHeapMemoryUsage().getUsed();
        return String.format(Locale.ROOT, "exchange JVM CPU: %.1f s over %.1f s wall = %.0f%% of one core (%d cores here)%n"
                        + "peer processes CPU (at their last sample): %.1f s = %.0f%% of one core%n"
                        + "heap used: peak %d MiB, after GC %d MiB (max %d MiB)%n",
                cpu, wall, 100 * cpu / wall, Runtime.getRuntime().availableProcessors(), peerCpuNanos / 1e9, 100 * peerCpuNanos / 1e9 / wall,
                peakHeap >> 20, afterGc >> 20, memory.getHeapMemoryUsage().getMax() >> 20);
    }

    static String seconds(Duration d) { return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0); }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
