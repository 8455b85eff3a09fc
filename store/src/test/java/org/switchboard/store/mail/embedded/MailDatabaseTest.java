package org.switchboard.store.mail.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.store.mail.MailStoreException;

class MailDatabaseTest {
    @TempDir
    Path dir;

    private static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
            Thread.onSpinWait();
        }
    }

    @Test
    void write_queuedWritersWithFailures_eachFailureUndoesOnlyItsOwnWork() throws Exception {
        int writers = 12;
        try (MailDatabase db = MailDatabase.open(dir.resolve("mail"))) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Set<String> committed = ConcurrentHashMap.newKeySet();
            Set<String> rolledBack = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
            try {
                // The first writer holds the lock until every other writer is queued behind it, so they share a commit.
                Future<Object> first = pool.submit(() -> db.write(tx -> {
                    tx.update("INSERT INTO counter (name, val) VALUES ('first', 0)");
                    started.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return null;
                }));
                assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
                List<Thread> threads = new CopyOnWriteArrayList<>();
                List<Future<Long>> results = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    String name = "w" + i;
                    boolean fails = i % 3 == 0;
                    results.add(pool.submit(() -> {
                        threads.add(Thread.currentThread());
                        return db.write(tx -> {
                            tx.update("INSERT INTO counter (name, val) VALUES (?, 1)", name);
                            tx.afterCommit(() -> committed.add(name));
                            tx.onRollback(() -> rolledBack.add(name));
                            if (fails) throw new MailStoreException.Invalid("refused " + name);
                            return tx.number("SELECT COUNT(*) FROM counter", -1);
                        });
                    }));
                }
                waitUntil(() -> threads.size() == writers && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
                release.countDown();
                first.get(10, TimeUnit.SECONDS);

                for (int i = 0; i < writers; i++) {
                    String name = "w" + i;
                    Future<Long> f = results.get(i);
                    if (i % 3 == 0) {
                        assertThat(f).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(Exception.class)
                                .withRootCauseInstanceOf(MailStoreException.Invalid.class).withMessageContaining("refused " + name);
                    } else {
                        assertThat(f.get(10, TimeUnit.SECONDS)).isPositive();
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            List<String> stored = db.read(tx -> tx.list("SELECT name FROM counter WHERE name LIKE 'w%'", rs -> rs.getString(1)));
            List<String> expected = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < writers; i++) (i % 3 == 0 ? failed : expected).add("w" + i);
            assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(committed).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(rolledBack).containsExactlyInAnyOrderElementsOf(failed);
            long firstRows = db.read(tx -> tx.number("SELECT COUNT(*) FROM counter WHERE name = 'first'", 0));
            assertThat(firstRows).isEqualTo(1);
        }
    }
}
