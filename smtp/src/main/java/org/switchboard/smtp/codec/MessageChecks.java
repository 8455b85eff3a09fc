package org.switchboard.smtp.codec;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The content checks shared by DATA and BDAT: size, NUL, 8-bit octets, header section size and
 * field count, and the number of Received fields (the hop count, RFC 5321 §6.3). Fed the
 * message octets after un-stuffing; once a problem is found it stops writing to the sink but
 * keeps counting, because the rest of the message must still be read off the wire. Not thread-safe.
 */
final class MessageChecks {
    private static final byte[] RECEIVED = "received:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int BUFFER = 16 * 1024;

    private final SmtpLimits limits;
    private final OutputStream sink;
    private final byte[] buffer = new byte[BUFFER];
    private int buffered;
    private MessageProblem problem = MessageProblem.NONE;
    private long bytes;
    private boolean eightBit;
    private boolean inHeaders = true;
    private int headerBytes;
    private int headerFields;
    private int received;
    private int headerLineLength;
    private final byte[] prefix = new byte[RECEIVED.length];

    MessageChecks(SmtpLimits limits, OutputStream sink) {
        this.limits = limits;
        this.sink = sink;
    }

    void fail(MessageProblem p) {
        if (problem == MessageProblem.NONE) problem = p;
    }

    MessageProblem problem() { return problem; }

    void accept(int b) throws IOException {
        bytes++;
        if (b == 0) fail(MessageProblem.NUL);
        else if (b >= 0x80) eightBit = true;
        if (inHeaders) header(b);
        if (bytes > limits.maxMessageBytes()) fail(MessageProblem.TOO_LARGE);
        if (problem != MessageProblem.NONE) return;
        buffer[buffered++] = (byte) b;
        if (buffered == BUFFER) flush();
    }

    /** The same as {@link #accept} for each octet, faster once the header section is over. */
    void accept(byte[] a, int offset, int length) throws IOException {
        int i = offset;
        int end = offset + length;
        while (inHeaders && i < end) accept(a[i++] & 0xff);
        if (i == end) return;
        for (int j = i; j < end; j++) {
            byte b = a[j];
            if (b == 0) fail(MessageProblem.NUL);
            else if (b < 0) eightBit = true;
        }
        bytes += end - i;
        if (bytes > limits.maxMessageBytes()) fail(MessageProblem.TOO_LARGE);
        if (problem != MessageProblem.NONE) return;
        while (i < end) {
            int n = Math.min(end - i, BUFFER - buffered);
            System.arraycopy(a, i, buffer, buffered, n);
            buffered += n;
            i += n;
            if (buffered == BUFFER) flush();
        }
    }

    private void header(int b) {
        if (++headerBytes > limits.maxHeaderBytes()) {
            fail(MessageProblem.HEADER_TOO_LARGE);
            inHeaders = false;
            return;
        }
        if (b == '\n') {
            if (headerLineLength == 0) {
                inHeaders = false;
                return;
            }
            if (prefix[0] != ' ' && prefix[0] != '\t') {
                if (++headerFields > limits.maxHeaderFields()) fail(MessageProblem.TOO_MANY_HEADERS);
                if (headerLineLength >= RECEIVED.length && startsWithReceived()) received++;
            }
            headerLineLength = 0;
            return;
        }
        if (b == '\r') return;
        if (headerLineLength < prefix.length) prefix[headerLineLength] = (byte) b;
        headerLineLength++;
    }

    private boolean startsWithReceived() {
        for (int i = 0; i < RECEIVED.length; i++) {
            if (Character.toLowerCase(prefix[i]) != RECEIVED[i]) return false;
        }
        return true;
    }

    void flush() throws IOException {
        if (buffered > 0 && problem == MessageProblem.NONE) sink.write(buffer, 0, buffered);
        buffered = 0;
    }

    MessageResult result() {
        return new MessageResult(problem, bytes, eightBit, received);
    }
}
