package org.switchboard.app.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar on stderr for a large upload: bytes sent, then an open-ended "the server is
 * working" phase until the answer comes. Shown only when stderr is a terminal, so scripts and
 * logs get no control characters. The HTTP client's thread advances it; the bar redraws itself.
 */
final class UploadProgress implements AutoCloseable {
    private static final int BAR_WIDTH = 79;

    private final ProgressBar bar;

    private UploadProgress(ProgressBar bar) { this.bar = bar; }

    static UploadProgress start(String task, long bytes) {
        if (!stderrIsTerminal()) return new UploadProgress(null);
        return new UploadProgress(new ProgressBarBuilder().setTaskName(task).setInitialMax(bytes).setUnit(" KiB", 1024)
                .setConsumer(new ConsoleProgressBarConsumer(System.err, BAR_WIDTH)).clearDisplayOnFinish().build());
    }

    /** The body, counting what the HTTP client has taken; the Content-Length stays exact. */
    BodyPublisher publisher(byte[] body) {
        if (bar == null) return HttpRequest.BodyPublishers.ofByteArray(body);
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new Counting(body)), body.length);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }

    /** Linux names the terminal behind fd 2; elsewhere the JDK's console (stdin and stdout on a terminal) is the best hint. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException noProcfs) {
            return System.console() != null;
        }
    }

    private final class Counting extends InputStream {
        private final ByteArrayInputStream in;
        private final long total;
        private long sent;

        Counting(byte[] body) {
            this.in = new ByteArrayInputStream(body);
            this.total = body.length;
        }

        @Override
        public int read() {
            int b = in.read();
            if (b >= 0) advance(1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            int n = in.read(buf, off, len);
            if (n > 0) advance(n);
            return n;
        }

        private void advance(int n) {
            sent += n;
            bar.stepTo(sent);
            if (sent == total) {
                bar.maxHint(-1);
                bar.setExtraMessage("sent; the server is working");
            }
        }
    }
}
