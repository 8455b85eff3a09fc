package org.switchboard.smtp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataReaderTest {
    private static final SmtpLimits LIMITS = SmtpLimits.DEFAULTS;

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    private record Read(MessageResult result, String message, String after) {}

    private static Read read(SmtpLimits limits, InputStream raw) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        SmtpInput in = new SmtpInput(raw);
        MessageResult r = new DataReader(limits).read(in, sink);
        return new Read(r, sink.toString(StandardCharsets.ISO_8859_1), new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }

    private static Read read(String wire) throws IOException {
        return read(LIMITS, new ByteArrayInputStream(ascii(wire)));
    }

    @Test
    void data_rfc5321Example_endMarkerFoundAndNextCommandLeft() throws IOException {
        Read r = read("Subject: hi\r\n\r\nBlah blah blah...\r\n...etc. etc. etc.\r\n.\r\nQUIT\r\n");
        assertThat(r.result().ok()).isTrue();
        assertThat(r.message()).isEqualTo("Subject: hi\r\n\r\nBlah blah blah...\r\n..etc. etc. etc.\r\n");
        assertThat(r.after()).isEqualTo("QUIT\r\n");
        assertThat(r.result().bytes()).isEqualTo(r.message().length());
    }

    @Test
    void data_dotStuffedLines_unstuffed() throws IOException {
        assertThat(read("..\r\n.x\r\n...\r\n.\r\n").message()).isEqualTo(".\r\nx\r\n..\r\n");
    }

    @Test
    void data_emptyMessage_empty() throws IOException {
        Read r = read(".\r\n");
        assertThat(r.result().ok()).isTrue();
        assertThat(r.message()).isEmpty();
    }

    @Test
    void data_splitAtEveryOffset_sameResult() throws IOException {
        String wire = "From: a@x.test\r\nReceived: by x\r\n\r\n.hidden\r\nline\r\n..\r\n.\r\nNEXT";
        Read whole = read(wire);
        byte[] bytes = ascii(wire);
        for (int split = 1; split < bytes.length; split++) {
            Read r = read(LIMITS, new SplitStream(bytes, split));
            assertThat(r.message()).as("split at %d", split).isEqualTo(whole.message());
            assertThat(r.after()).as("split at %d", split).isEqualTo("NEXT");
            assertThat(r.result().received()).isEqualTo(1);
        }
    }

    @Test
    void data_bareLfBeforeDot_notTheEnd_refusedAsBareLineEnd() throws IOException {
        // The smuggling pattern: "\n.\n" and "\n.\r\n" must not end the message.
        Read r = read("a\n.\nMAIL FROM:<evil@x.test>\r\nb\n.\r\nc\r\n.\r\nQUIT\r\n");
        assertThat(r.result().problem()).isEqualTo(MessageProblem.BARE_LINE_END);
        assertThat(r.after()).isEqualTo("QUIT\r\n");
        assertThat(r.message()).isEmpty();
    }

    @Test
    void data_bareCr_refused() throws IOException {
        assertThat(read("a\rb\r\n.\r\n").result().problem()).isEqualTo(MessageProblem.BARE_LINE_END);
        assertThat(read("a\r\n.\rx\r\n.\r\n").result().problem()).isEqualTo(MessageProblem.BARE_LINE_END);
    }

    @Test
    void data_lineOf998_accepted_999_refused() throws IOException {
        assertThat(read("x".repeat(998) + "\r\n.\r\n").result().ok()).isTrue();
        Read r = read("x".repeat(999) + "\r\nnext\r\n.\r\nQUIT");
        assertThat(r.result().problem()).isEqualTo(MessageProblem.LINE_TOO_LONG);
        assertThat(r.after()).isEqualTo("QUIT");
    }

    @Test
    void data_overMaxSize_refusedAndReadToEnd() throws IOException {
        SmtpLimits small = LIMITS.withMaxMessageBytes(2048);
        String line = "y".repeat(98) + "\r\n";
        Read r = read(small, new ByteArrayInputStream(ascii(line.repeat(30) + ".\r\nQUIT")));
        assertThat(r.result().problem()).isEqualTo(MessageProblem.TOO_LARGE);
        assertThat(r.after()).isEqualTo("QUIT");
        Read fits = read(small, new ByteArrayInputStream(ascii(line.repeat(20) + ".\r\n")));
        assertThat(fits.result().ok()).isTrue();
        assertThat(fits.result().bytes()).isEqualTo(2000);
    }

    @Test
    void data_nul_refused() throws IOException {
        assertThat(read("a\0b\r\n.\r\n").result().problem()).isEqualTo(MessageProblem.NUL);
    }

    @Test
    void data_eightBit_reported() throws IOException {
        assertThat(read("caf\u00e9\r\n.\r\n").result().eightBit()).isTrue();
        assertThat(read("cafe\r\n.\r\n").result().eightBit()).isFalse();
    }

    @Test
    void data_headerBomb_refused() throws IOException {
        String headers = "X-Bomb: 1\r\n".repeat(3000);
        assertThat(read(headers + "\r\nbody\r\n.\r\n").result().problem()).isEqualTo(MessageProblem.TOO_MANY_HEADERS);
        SmtpLimits limits = new SmtpLimits(2048, 12288, 1000, 50L << 20, 4096, 2000, 100);
        String big = "X-Big: " + "a".repeat(900) + "\r\n";
        assertThat(read(limits, new ByteArrayInputStream(ascii(big.repeat(5) + "\r\nb\r\n.\r\n"))).result().problem())
                .isEqualTo(MessageProblem.HEADER_TOO_LARGE);
    }

    @Test
    void data_receivedFieldsCounted_continuationLinesNot() throws IOException {
        String m = "Received: from a\r\n by b\r\nRECEIVED: x\r\nSubject: Received: no\r\n\r\nReceived: body\r\n.\r\n";
        assertThat(read(m).result().received()).isEqualTo(2);
    }

    @Test
    void data_streamEndsEarly_eof() {
        assertThatThrownBy(() -> read("Subject: x\r\n\r\nno end")).isInstanceOf(EOFException.class);
    }

    @Test
    void input_commandLinesAndDataShareOneBuffer_nothingLostOrRepeated() throws IOException {
        SmtpInput in = new SmtpInput(new SplitStream(ascii("DATA\r\nbody\r\n.\r\nQUIT\nNOOP\r\n"), 3));
        assertThat(new String(in.readLine(100), StandardCharsets.US_ASCII)).isEqualTo("DATA");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertThat(new DataReader(LIMITS).read(in, sink).ok()).isTrue();
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("body\r\n");
        assertThat(new String(in.readLine(100), StandardCharsets.US_ASCII)).isEqualTo("QUIT");
        assertThat(in.lastLineHadBareLf()).isTrue();
        assertThat(new String(in.readLine(100), StandardCharsets.US_ASCII)).isEqualTo("NOOP");
        assertThat(in.lastLineHadBareLf()).isFalse();
        assertThat(in.readLine(100)).isNull();
    }

    @Test
    void input_lineOverLimit_discardedAndNextLineRead() throws IOException {
        SmtpInput in = new SmtpInput(new ByteArrayInputStream(ascii("x".repeat(600) + "\r\nNOOP\r\n")));
        assertThatThrownBy(() -> in.readLine(512)).isInstanceOf(SmtpInput.LineTooLongException.class);
        assertThat(new String(in.readLine(512), StandardCharsets.US_ASCII)).isEqualTo("NOOP");
    }

    @Test
    void dotStuffing_roundTripThroughDataReader_identical() throws IOException {
        String original = ".leading\r\n..two\r\nplain\r\n.\r\nlast without newline";
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(wire);
        out.write(ascii(original));
        out.finish();
        Read r = read(wire.toString(StandardCharsets.ISO_8859_1));
        assertThat(r.result().ok()).isTrue();
        assertThat(r.message()).isEqualTo(original + "\r\n");
    }

    @Test
    void dotStuffing_bareLineEnds_normalizedToCrlf() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(wire);
        out.write(ascii("a\nb\rc\r\n.d"));
        out.finish();
        assertThat(wire.toString(StandardCharsets.ISO_8859_1)).isEqualTo("a\r\nb\r\nc\r\n..d\r\n.\r\n");
    }

    @Test
    void chunks_bdat_exactOctetsAndChecks() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ChunkReader chunks = new ChunkReader(LIMITS, sink);
        ByteArrayInputStream in = new ByteArrayInputStream(ascii("Subject: a\r\n\r\nbodyQUIT"));
        chunks.chunk(in, 10);
        chunks.chunk(in, 8);
        assertThat(sink.toString(StandardCharsets.ISO_8859_1)).isEqualTo("Subject: a\r\n\r\nbody");
        assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("QUIT");
        assertThat(chunks.result().ok()).isTrue();
    }

    @Test
    void chunks_overSize_refusedButConsumed() throws IOException {
        ChunkReader chunks = new ChunkReader(LIMITS.withMaxMessageBytes(1024), new ByteArrayOutputStream());
        ByteArrayInputStream in = new ByteArrayInputStream(ascii("z".repeat(2000) + "QUIT"));
        chunks.chunk(in, 2000);
        assertThat(chunks.result().problem()).isEqualTo(MessageProblem.TOO_LARGE);
        assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("QUIT");
    }

    @Test
    void chunks_streamEndsInsideChunk_eof() {
        ChunkReader chunks = new ChunkReader(LIMITS, new ByteArrayOutputStream());
        assertThatThrownBy(() -> chunks.chunk(new ByteArrayInputStream(ascii("abc")), 10)).isInstanceOf(EOFException.class);
    }

    /** Delivers the bytes in two reads split at a given offset, one byte per read() call. */
    private static final class SplitStream extends InputStream {
        private final byte[] bytes;
        private final int split;
        private int pos;

        SplitStream(byte[] bytes, int split) {
            this.bytes = bytes;
            this.split = split;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= bytes.length) return -1;
            int end = pos < split ? split : bytes.length;
            int n = Math.min(len, end - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
