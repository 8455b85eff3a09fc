package org.switchboard.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineInputTest {
    private static LineInput input(String text) {
        return new LineInput(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Hands out one byte per read, as a slow peer would. */
    private static InputStream trickle(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return new InputStream() {
            private int next;

            @Override
            public int read() {
                return next < bytes.length ? bytes[next++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (next >= bytes.length) return -1;
                b[off] = bytes[next++];
                return 1;
            }
        };
    }

    private static String text(byte[] line) {
        return line == null ? null : new String(line, StandardCharsets.ISO_8859_1);
    }

    @Test
    void readLine_crlfAndBareLf_stripsEndingAndFlagsBareLf() throws IOException {
        LineInput in = input("EHLO a\r\nMAIL b\nRCPT c\r\n");
        assertThat(text(in.readLine(100))).isEqualTo("EHLO a");
        assertThat(in.lastLineHadBareLf()).isFalse();
        assertThat(text(in.readLine(100))).isEqualTo("MAIL b");
        assertThat(in.lastLineHadBareLf()).isTrue();
        assertThat(text(in.readLine(100))).isEqualTo("RCPT c");
        assertThat(in.lastLineHadBareLf()).isFalse();
        assertThat(in.readLine(100)).isNull();
    }

    @Test
    void readLine_oneByteAtATime_sameFraming() throws IOException {
        LineInput in = new LineInput(trickle("A\r\n\r\nB C\r\n"));
        assertThat(text(in.readLine(10))).isEqualTo("A");
        assertThat(text(in.readLine(10))).isEqualTo("");
        assertThat(text(in.readLine(10))).isEqualTo("B C");
        assertThat(in.readLine(10)).isNull();
    }

    @Test
    void readLine_bareCrInsideLine_keptAsData() throws IOException {
        LineInput in = input("A\rB\r\n");
        assertThat(text(in.readLine(10))).isEqualTo("A\rB");
    }

    @Test
    void readLine_exactlyAtLimit_accepted() throws IOException {
        LineInput in = input("12345\r\n123456\r\n");
        assertThat(text(in.readLine(5))).isEqualTo("12345");
        assertThatThrownBy(() -> in.readLine(5)).isInstanceOf(LineTooLongException.class);
        assertThat(in.readLine(5)).isNull();
    }

    @Test
    void readLine_overLimit_discardsRestOfLineAndContinues() throws IOException {
        String longLine = "x".repeat(20_000);
        for (InputStream source : new InputStream[] {
                new ByteArrayInputStream((longLine + "\r\nNEXT\r\n").getBytes(StandardCharsets.US_ASCII)),
                trickle(longLine + "\nNEXT\r\n")}) {
            LineInput in = new LineInput(source);
            assertThatThrownBy(() -> in.readLine(64))
                    .isInstanceOf(LineTooLongException.class)
                    .hasMessageContaining("64");
            assertThat(text(in.readLine(64))).isEqualTo("NEXT");
        }
    }

    @Test
    void readLine_overLimitThenEof_throwsThenReportsEof() throws IOException {
        LineInput in = input("y".repeat(500));
        assertThatThrownBy(() -> in.readLine(64)).isInstanceOf(LineTooLongException.class);
        assertThat(in.readLine(64)).isNull();
    }

    @Test
    void readLine_unterminatedLastLine_droppedAsEof() throws IOException {
        LineInput in = input("QUIT\r\nDATA");
        assertThat(text(in.readLine(10))).isEqualTo("QUIT");
        assertThat(in.readLine(10)).isNull();
    }

    @Test
    void readLine_eightBitBytes_returnedUntouched() throws IOException {
        byte[] raw = {'S', (byte) 0xE9, (byte) 0xFF, 0, (byte) 0x80, '\r', '\n'};
        LineInput in = new LineInput(new ByteArrayInputStream(raw));
        assertThat(in.readLine(10)).containsExactly('S', (byte) 0xE9, (byte) 0xFF, 0, (byte) 0x80);
    }

    @Test
    void read_afterLine_continuesFromSameBuffer() throws IOException {
        LineInput in = input("APPEND {5}\r\nhello\r\nNOOP\r\n");
        assertThat(text(in.readLine(100))).isEqualTo("APPEND {5}");
        assertThat(in.buffered()).isEqualTo("hello\r\nNOOP\r\n".length());
        byte[] literal = in.readNBytes(5);
        assertThat(new String(literal, StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(text(in.readLine(100))).isEqualTo("");
        assertThat(text(in.readLine(100))).isEqualTo("NOOP");
        assertThat(in.buffered()).isZero();
    }

    @Test
    void replaceSource_unreadBytes_refused() throws IOException {
        LineInput in = input("STARTTLS\r\nINJECTED\r\n");
        in.readLine(100);
        assertThatThrownBy(() -> in.replaceSource(InputStream.nullInputStream()))
                .isInstanceOf(IllegalStateException.class);
        in.readLine(100);
        in.replaceSource(new ByteArrayInputStream("AFTER\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(text(in.readLine(100))).isEqualTo("AFTER");
    }
}
