package org.switchboard.core.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TriggeringPolicyBase;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The live file of one log kind: a size-rotated logback RollingFileAppender behind a read/write
 * lock. Appends share the read lock (the inner appender serialises the writes itself); resizing
 * and clearing take the write lock, so no write is in flight while the file is truncated or the
 * rotation window changes. Rotated files are {@code <stem>.1.log} (newest) to {@code <stem>.N.log}.
 */
final class KindFile extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private final Path file;
    private final String stem;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final RollingFileAppender<ILoggingEvent> rolling = new RollingFileAppender<>();
    private final SizeTrigger trigger = new SizeTrigger();
    private final Window window = new Window();

    KindFile(LoggerContext context, Path dir, String stem, LineLayout layout, long maxBytes, int maxFiles) {
        this.stem = stem;
        this.file = dir.resolve(stem + ".log");
        setContext(context);
        setName("file-" + stem);

        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();

        rolling.setContext(context);
        rolling.setName("rolling-" + stem);
        rolling.setFile(file.toString());
        rolling.setAppend(true);
        rolling.setEncoder(encoder);

        window.setContext(context);
        window.setParent(rolling);
        window.setFileNamePattern(dir.resolve(stem + ".%i.log").toString());
        window.setMinIndex(1);
        window.setMaxIndex(maxFiles);
        window.start();

        trigger.setContext(context);
        trigger.maxBytes = maxBytes;
        trigger.start();

        rolling.setRollingPolicy(window);
        rolling.setTriggeringPolicy(trigger);
    }

    Path file() { return file; }

    @Override
    public void start() {
        LogSystem.startOrThrow(context, rolling, "cannot open log file " + file);
        super.start();
    }

    @Override
    public void stop() {
        lock.writeLock().lock();
        try {
            if (!isStarted()) return;
            super.stop();
            rolling.stop();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        lock.readLock().lock();
        try {
            rolling.doAppend(event);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Applies a new size limit and window; rotated files beyond the new window are deleted. */
    void resize(long maxBytes, int maxFiles) throws IOException {
        lock.writeLock().lock();
        try {
            trigger.maxBytes = maxBytes;
            window.setMaxIndex(maxFiles);
            for (int i = maxFiles + 1; i <= LogSettings.MAX_FILES; i++) {
                Files.deleteIfExists(rotated(i));
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    Path rotated(int index) {
        return file.resolveSibling(stem + "." + index + ".log");
    }

    /**
     * Empties the current file. The appender keeps its descriptor: logback opens the file in append
     * mode, so the next line lands at offset 0 of the truncated file rather than leaving a hole.
     */
    void clear() throws IOException {
        lock.writeLock().lock();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        } catch (NoSuchFileException e) {
            // nothing written yet: already empty
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Rotates on the file's real length rather than logback's own byte counter, so a file emptied by
     * {@link #clear()} starts counting from zero again, and without logback's 60 ms check gate, so
     * a burst cannot overshoot the limit by megabytes.
     */
    private static final class SizeTrigger extends TriggeringPolicyBase<ILoggingEvent> {
        volatile long maxBytes;

        @Override
        public boolean isTriggeringEvent(File activeFile, ILoggingEvent event) {
            return activeFile.length() >= maxBytes;
        }
    }

    /** logback caps a window at 20 files; the settings allow up to 100. */
    private static final class Window extends FixedWindowRollingPolicy {
        @Override
        protected int getMaxWindowSize() {
            return LogSettings.MAX_FILES;
        }
    }
}
