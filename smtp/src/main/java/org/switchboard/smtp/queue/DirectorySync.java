package org.switchboard.smtp.queue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for one directory's fsync: a caller whose rename is done takes a ticket, and one
 * fsync started after that ticket was issued covers it. While one fsync runs, the sessions that
 * finish their renames meanwhile wait and share the next one, so twenty sessions committing at
 * once cost a few directory fsyncs instead of twenty. Thread-safe; the lock is never held across
 * the fsync itself.
 */
final class DirectorySync {
    /** The fsync itself (replaceable so a test can count and slow it down). */
    interface Fsync {
        void run() throws IOException;
    }

    private final Fsync fsync;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private long issued;
    private long covered;
    private boolean running;

    DirectorySync(Path dir) {
        this(() -> Spool.syncDirectory(dir));
    }

    DirectorySync(Fsync fsync) {
        this.fsync = fsync;
    }

    /** Returns once an fsync of the directory that began after this call has completed. */
    void sync() throws IOException {
        long ticket;
        lock.lock();
        try {
            ticket = ++issued;
            while (covered < ticket && running) finished.await();
            if (covered >= ticket) return;
            running = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the queue directory to be synced");
        } finally {
            lock.unlock();
        }
        long covers;
        lock.lock();
        try {
            // Every ticket issued so far belongs to a rename that has already happened.
            covers = issued;
        } finally {
            lock.unlock();
        }
        boolean synced = false;
        try {
            fsync.run();
            synced = true;
        } finally {
            lock.lock();
            try {
                running = false;
                // A failed fsync covers nobody: the waiters wake up and one of them tries again.
                if (synced) covered = Math.max(covered, covers);
                finished.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
