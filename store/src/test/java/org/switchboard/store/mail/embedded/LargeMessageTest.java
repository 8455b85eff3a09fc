package org.switchboard.store.mail.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.MailStore.AppendResult;
import org.switchboard.store.mail.MailStoreException;
import org.switchboard.store.mail.MimePart;
import org.switchboard.store.mail.QuotaPolicy;

/** 50 MB messages in and out with a heap (surefire -Xmx, see store/pom.xml) that could not hold one twice. */
class LargeMessageTest {
    private static final int SIZE = 50 * 1024 * 1024;
    private static final byte[] BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    /** A multipart message of about {@code size} bytes: a short text part and a base64 attachment of random lines. */
    private static final class Generated extends InputStream {
        private final byte[] head = Messages.crlf("""
                From: big@example.com
                To: alice@example.com
                Subject: The big one
                Content-Type: multipart/mixed; boundary=big

                --big
                Content-Type: text/plain

                Here comes the file.
                --big
                Content-Type: application/octet-stream
                Content-Transfer-Encoding: base64

                """);
        private final byte[] tail = Messages.crlf("--big--\n");
        private final long lines;
        private final SplittableRandom random = new SplittableRandom(42);
        private final byte[] line = new byte[78];
        private long linesDone;
        private int phase;
        private int pos;
        private byte[] current;

        Generated(long size) {
            this.lines = (size - head.length - tail.length) / line.length;
            this.current = head;
        }

        long attachmentBytes() { return lines * line.length - 2; }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (pos == current.length) {
                if (phase == 0 && linesDone < lines) {
                    for (int i = 0; i < 76; i++) line[i] = BASE64[random.nextInt(64)];
                    line[76] = '\r';
                    line[77] = '\n';
                    current = line;
                    linesDone++;
                } else if (phase == 0) {
                    current = tail;
                    phase = 1;
                } else {
                    return -1;
                }
                pos = 0;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void append_fiftyMegabytes_streamsBothWaysByteExactInBoundedHeap() throws IOException {
        assertThat(Runtime.getRuntime().maxMemory()).as("the test JVM's heap must be too small to hold the message twice")
                .isLessThan(2L * SIZE);
        try (EmbeddedMailStore store = EmbeddedMailStore.open(dir, QuotaPolicy.UNLIMITED, Instant::now)) {
            store.ensureDefaultMailboxes("alice");
            long inbox = store.mailbox("alice", "INBOX").orElseThrow().id();
            Generated generated = new Generated(SIZE);
            MessageDigest written = sha256();
            AppendResult r = store.append(inbox, new DigestInputStream(generated, written), Set.of(), null,
                    MailStore.Source.SMTP_DELIVERY, 60L * 1024 * 1024);

            MessageDigest read = sha256();
            long size;
            try (InputStream in = new DigestInputStream(store.open(inbox, r.uid(), 0, -1), read)) {
                size = in.transferTo(OutputStreamSink.INSTANCE);
            }
            assertThat(read.digest()).isEqualTo(written.digest());
            assertThat(store.messages(inbox).getFirst().size()).isEqualTo(size);
            assertThat(size).isGreaterThan(SIZE - 100);

            MimePart attachment = Messages.part(store.meta(inbox, r.uid()).orElseThrow().root(), "2");
            assertThat(attachment.end() - attachment.bodyStart()).isEqualTo(generated.attachmentBytes());
            try (InputStream tail = store.open(inbox, r.uid(), attachment.end(), -1)) {
                assertThat(new String(tail.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("\r\n--big--\r\n");
            }
            assertThat(store.search(inbox, "body", "comes file")).containsExactly(r.uid());
        }
    }

    @Test
    void append_streamOverLimit_tooLargeWithoutReadingItAll() throws IOException {
        try (EmbeddedMailStore store = EmbeddedMailStore.open(dir, QuotaPolicy.UNLIMITED, Instant::now)) {
            store.ensureDefaultMailboxes("alice");
            long inbox = store.mailbox("alice", "INBOX").orElseThrow().id();
            Generated generated = new Generated(SIZE);
            long[] consumed = new long[1];
            InputStream counting = new java.io.FilterInputStream(generated) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) consumed[0] += n;
                    return n;
                }
            };

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.append(inbox, counting, Set.of(), null,
                    MailStore.Source.SMTP_DELIVERY, 1024 * 1024)).isInstanceOf(MailStoreException.TooLarge.class);

            assertThat(consumed[0]).isEqualTo(1024 * 1024 + 1);
            assertThat(store.messages(inbox)).isEmpty();
        }
    }

    /** Discards what it is given. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
