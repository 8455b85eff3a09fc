package org.switchboard.smtp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class DirectorySyncTest {
    @Test
    void sync_manyConcurrentCommits_eachCoveredByAnFsyncStartedAfterItsRename_fewerFsyncsThanCommits() throws Exception {
        AtomicLong renames = new AtomicLong();
        AtomicLong lastStartedAt = new AtomicLong();
        AtomicInteger fsyncs = new AtomicInteger();
        DirectorySync sync = new DirectorySync(() -> {
            // The fsync covers every rename done before it starts; it takes a while, like a disk.
            lastStartedAt.accumulateAndGet(renames.get(), Math::max);
            fsyncs.incrementAndGet();
            LockSupport.parkNanos(2_000_000);
        });
        int threads = 8;
        int commitsEach = 50;
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int uncovered = 0;
                    for (int i = 0; i < commitsEach; i++) {
                        long mine = renames.incrementAndGet();
                        sync.sync();
                        if (lastStartedAt.get() < mine) uncovered++;
                    }
                    return uncovered;
                }));
            }
            for (Future<Integer> r : results) assertThat(r.get()).as("commits returned before an fsync covered them").isZero();
        }
        assertThat(fsyncs.get()).isLessThan(threads * commitsEach).isGreaterThan(0);
    }

    @Test
    void sync_fsyncFails_callerSeesFailureAndNextCallerSyncsAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        DirectorySync sync = new DirectorySync(() -> {
            if (calls.incrementAndGet() == 1) throw new java.io.IOException("disk gone");
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(sync::sync).hasMessageContaining("disk gone");
        sync.sync();
        assertThat(calls.get()).isEqualTo(2);
    }
}
