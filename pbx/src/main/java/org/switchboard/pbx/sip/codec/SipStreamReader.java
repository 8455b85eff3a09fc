package org.switchboard.pbx.sip.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Frames SIP messages on a byte stream (TCP, TLS): bytes are fed in whatever pieces the socket delivers, complete
 * messages come out. On a stream Content-Length is mandatory (RFC 3261 §18.3, §20.14); a message that can never
 * be framed is a fatal error after which the connection must be closed (RFC 4475 §3.1.2.2, §3.1.2.3). CRLF
 * keep-alives between messages are skipped and counted so the session can answer "\r\n\r\n" pings with a
 * "\r\n" pong (RFC 5626 §3.5.1). One instance per connection, used by one thread.
 */
public final class SipStreamReader {
    private final SipMessageReader reader;
    private final SipLimits limits;
    private byte[] buffer = new byte[4096];
    private int length;
    private int pings;
    private int crlfRun;

    public SipStreamReader(SipLimits limits) {
        this.reader = new SipMessageReader(limits);
        this.limits = limits;
    }

    public void feed(byte[] bytes, int offset, int count) throws SipParseException {
        if (length + count > limits.maxMessageBytes() + 4) {
            throw new SipParseException(513, "more than " + limits.maxMessageBytes() + " bytes without a complete message");
        }
        if (length + count > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
    }

    /** Double-CRLF keep-alive pings seen since the last call. */
    public int takePings() {
        int p = pings;
        pings = 0;
        return p;
    }

    /** The next complete message, or empty until more bytes arrive. */
    public Optional<SipMessage> next() throws SipParseException {
        int start = 0;
        while (start < length && (buffer[start] == '\r' || buffer[start] == '\n')) {
            if (buffer[start] == '\n' && ++crlfRun == 2) {
                pings++;
                crlfRun = 0;
            }
            start++;
        }
        if (start > 0) consume(start);
        if (length == 0) return Optional.empty();
        crlfRun = 0;
        int headEnd = SipMessageReader.headerEnd(buffer, 0, length);
        if (headEnd < 0) {
            if (length > limits.maxHeaderBytes()) throw new SipParseException(513, "header section over " + limits.maxHeaderBytes() + " bytes");
            return Optional.empty();
        }
        if (headEnd > limits.maxHeaderBytes()) throw new SipParseException(513, "header section over " + limits.maxHeaderBytes() + " bytes");
        SipMessageReader.Head head = reader.parseHead(new String(buffer, 0, headEnd, StandardCharsets.UTF_8));
        if (head.contentLength() < 0) throw new SipParseException("Content-Length is required on a stream transport");
        int total = headEnd + head.contentLength();
        if (length < total) return Optional.empty();
        byte[] body = Arrays.copyOfRange(buffer, headEnd, total);
        consume(total);
        return Optional.of(reader.build(head, body));
    }

    /** Bytes held for an incomplete message (a peer stalling mid-message keeps this above zero). */
    public int buffered() { return length; }

    private void consume(int n) {
        System.arraycopy(buffer, n, buffer, 0, length - n);
        length -= n;
    }
}
