package org.switchboard.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** An unbounded in-memory byte pipe between two threads; closing the writer ends the reader's stream. */
final class BytePipe {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private byte[] data = new byte[8192];
    private int head;
    private int tail;
    private boolean closed;

    final InputStream in = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            lock.lock();
            try {
                while (head == tail && !closed) {
                    try {
                        readable.await(1, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException();
                    }
                }
                if (head == tail) return -1;
                int n = Math.min(len, tail - head);
                System.arraycopy(data, head, b, off, n);
                head += n;
                return n;
            } finally {
                lock.unlock();
            }
        }
    };

    final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            lock.lock();
            try {
                if (closed) throw new IOException("pipe closed");
                if (tail + len > data.length) {
                    int live = tail - head;
                    byte[] next = live + len > data.length ? new byte[Math.max(data.length * 2, live + len)] : data;
                    System.arraycopy(data, head, next, 0, live);
                    data = next;
                    head = 0;
                    tail = live;
                }
                System.arraycopy(b, off, data, tail, len);
                tail += len;
                readable.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            BytePipe.this.close();
        }
    };

    /** One byte, -1 at end of stream, -2 when nothing arrived before the deadline (System.nanoTime based). */
    int read(long deadlineNanos) throws InterruptedIOException {
        lock.lock();
        try {
            while (head == tail && !closed) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) return -2;
                try {
                    readable.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }
            if (head == tail) return -1;
            return data[head++] & 0xff;
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
