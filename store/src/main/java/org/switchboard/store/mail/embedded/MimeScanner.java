package org.switchboard.store.mail.embedded;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.switchboard.core.log.LogKind;
import org.switchboard.store.mail.MessageMeta;
import org.switchboard.store.mail.MimePart;

/**
 * Push parser for the MIME tree of a message while its bytes stream past (RFC 2045/2046): records
 * the exact offset of every entity's header, body and end, so each BODY[section] is a blob range.
 * Holds at most one header block (at most 1 MB / 10 000 lines, the rest being body) and a line
 * prefix, never the message. Broken input still yields a structure: an unparsable type or a
 * multipart without parts becomes text/plain, a missing final boundary ends the parts at EOF.
 * A delimiter's leading CRLF belongs to the delimiter (RFC 2046 §5.1.1). Not thread-safe.
 */
final class MimeScanner extends OutputStream {
    static final int MAX_HEADER_BYTES = 1 << 20;
    static final int MAX_HEADER_LINES = 10_000;
    static final int MAX_DEPTH = 50;
    static final int MAX_ENTITIES = 5_000;
    /** A delimiter line is "--", a boundary of at most 70 characters (RFC 2046 §5.1.1) and padding. */
    private static final int LINE_PREFIX = 1_000;

    private enum State { HEADER, BODY, PREAMBLE, PARTS, EPILOGUE }

    private static final class Frame {
        final long headerStart;
        final boolean inDigest;
        final boolean message;
        State state = State.HEADER;
        byte[] header = new byte[512];
        int headerLen, headerLenAtLineStart, headerLines;
        long bodyStart, lfAtBodyStart;
        HeaderFields fields;
        EntityHeader info;
        byte[] delimiter;
        boolean wrapper;
        MimePart encapsulated;
        final List<MimePart> parts = new ArrayList<>();

        Frame(long headerStart, boolean inDigest, boolean message) {
            this.headerStart = headerStart;
            this.inDigest = inDigest;
            this.message = message;
        }

        void appendHeader(byte b) {
            if (headerLen == header.length) header = Arrays.copyOf(header, Math.min(header.length * 2, MAX_HEADER_BYTES));
            header[headerLen++] = b;
        }
    }

    private final List<Frame> stack = new ArrayList<>();
    private final byte[] prefix = new byte[LINE_PREFIX];
    private long pos, lfCount, lineStart, lfAtLineStart;
    private int lineLen, prevTermLen, prevContentLen, lastByte = -1, entities = 1;
    private boolean boundariesOff, failed;
    private HeaderFields rootFields = HeaderFields.EMPTY;
    private MimePart root;

    MimeScanner() { stack.add(new Frame(0, false, true)); }

    @Override
    public void write(int b) { write(new byte[] {(byte) b}, 0, 1); }

    @Override
    public void write(byte[] b, int off, int len) {
        if (failed) {
            pos += len;
            return;
        }
        long after = pos + len;
        try {
            for (int i = off, end = off + len; i < end; i++) accept(b[i]);
        } catch (RuntimeException e) {
            // The message is still stored byte-exact; a parser defect must not refuse it.
            LogKind.ERROR.log("MIME scanner failed at offset " + pos + "; storing the message as plain text", e);
            failed = true;
            pos = after;
        }
    }

    private void accept(byte c) {
        Frame top = stack.getLast();
        if (top.state == State.HEADER) {
            if (top.headerLen >= MAX_HEADER_BYTES) endHeader(top, lineStart, lfAtLineStart, top.headerLenAtLineStart, true);
            else top.appendHeader(c);
        }
        if (c == '\n') {
            endLine();
        } else {
            if (lineLen < LINE_PREFIX) prefix[lineLen] = c;
            lineLen++;
        }
        lastByte = c & 0xff;
        pos++;
    }

    private void endLine() {
        boolean cr = lineLen > 0 && lastByte == '\r';
        int content = cr ? lineLen - 1 : lineLen;
        line(content, pos + 1, lfCount + 1);
        lfCount++;
        prevTermLen = cr ? 2 : 1;
        prevContentLen = content;
        lineStart = pos + 1;
        lfAtLineStart = lfCount;
        lineLen = 0;
        Frame top = stack.getLast();
        top.headerLenAtLineStart = top.headerLen;
    }

    /** A complete line (content without its terminator); {@code next} is where the following line starts. */
    private void line(int content, long next, long lfAfter) {
        if (!boundariesOff && content >= 3 && content <= LINE_PREFIX && prefix[0] == '-' && prefix[1] == '-') {
            for (int k = stack.size() - 1; k >= 0; k--) {
                Frame f = stack.get(k);
                if (f.delimiter == null || f.state == State.EPILOGUE) continue;
                int m = match(f.delimiter, content);
                if (m != 0) {
                    delimiter(k, m == 2, next, lfAfter);
                    return;
                }
            }
        }
        Frame top = stack.getLast();
        if (top.state != State.HEADER) return;
        if (content == 0) endHeader(top, next, lfAfter, top.headerLen, false);
        else if (++top.headerLines >= MAX_HEADER_LINES) endHeader(top, next, lfAfter, top.headerLen, true);
    }

    /** 0: no delimiter; 1: "--boundary"; 2: "--boundary--"; trailing whitespace allowed (RFC 2046 §5.1.1). */
    private int match(byte[] delimiter, int content) {
        if (content < delimiter.length) return 0;
        for (int i = 0; i < delimiter.length; i++) if (prefix[i] != delimiter[i]) return 0;
        int i = delimiter.length;
        boolean close = i + 1 < content && prefix[i] == '-' && prefix[i + 1] == '-';
        if (close) i += 2;
        for (; i < content; i++) if (prefix[i] != ' ' && prefix[i] != '\t' && prefix[i] != '\r') return 0;
        return close ? 2 : 1;
    }

    private void delimiter(int k, boolean close, long next, long lfAfter) {
        long end = prevTermLen > 0 ? lineStart - prevTermLen : lineStart;
        long lfBeforeEnd = prevTermLen > 0 ? lfAtLineStart - 1 : lfAtLineStart;
        boolean endsWithLf = prevTermLen > 0 && prevContentLen == 0 && end > 0;
        while (stack.size() - 1 > k) close(end, lfBeforeEnd, endsWithLf, false);
        Frame multipart = stack.get(k);
        if (close || entities >= MAX_ENTITIES) {
            if (!close) boundariesOff = true;
            multipart.state = State.EPILOGUE;
            return;
        }
        multipart.state = State.PARTS;
        entities++;
        Frame child = new Frame(next, multipart.info.subtype().equals("digest"), false);
        child.lfAtBodyStart = lfAfter;
        stack.add(child);
    }

    private void endHeader(Frame f, long bodyStart, long lfAtBodyStart, int headerLen, boolean cut) {
        f.bodyStart = bodyStart;
        f.lfAtBodyStart = lfAtBodyStart;
        f.fields = HeaderFields.parse(f.header, headerLen);
        f.header = null;
        f.info = EntityHeader.of(f.fields, f.inDigest);
        if (stack.size() == 1) rootFields = f.fields;
        f.state = State.BODY;
        String boundary = f.info.boundary();
        if (f.info.multipart() && boundary != null && stack.size() < MAX_DEPTH) {
            f.delimiter = ("--" + boundary).getBytes(StandardCharsets.UTF_8);
            f.state = State.PREAMBLE;
        } else if (f.info.encapsulatesMessage() && f.info.identityEncoding() && !cut && stack.size() < MAX_DEPTH
                && entities < MAX_ENTITIES) {
            f.wrapper = true;
            entities++;
            Frame child = new Frame(bodyStart, false, true);
            child.lfAtBodyStart = lfAtBodyStart;
            stack.add(child);
        }
    }

    private void close(long end, long lfBeforeEnd, boolean endsWithLf, boolean atEof) {
        Frame f = stack.getLast();
        if (f.state == State.HEADER) {
            // A header cut short by a delimiter or EOF: no body; at a delimiter the line is not header.
            endHeader(f, Math.max(end, f.headerStart), lfBeforeEnd, atEof ? f.headerLen : f.headerLenAtLineStart, true);
        }
        stack.removeLast();
        long e = Math.max(end, f.bodyStart);
        long lines = e > f.bodyStart ? lfBeforeEnd - f.lfAtBodyStart + (endsWithLf ? 0 : 1) : 0;
        MimePart part = build(f, e, lines);
        if (stack.isEmpty()) {
            root = part;
        } else {
            Frame parent = stack.getLast();
            if (parent.wrapper) parent.encapsulated = part;
            else parent.parts.add(part);
        }
    }

    private static MimePart build(Frame f, long end, long lines) {
        EntityHeader h = f.info;
        MimePart.Envelope envelope = f.message ? EnvelopeParser.envelope(f.fields) : null;
        List<MimePart> parts = List.of();
        MimePart encapsulated = null;
        if (h.multipart()) {
            if (f.parts.isEmpty()) h = h.asPlainText();
            else parts = List.copyOf(f.parts);
        } else if (f.wrapper) {
            encapsulated = f.encapsulated;
        }
        return new MimePart(f.headerStart, f.bodyStart, end, h.type(), h.subtype(), h.params(), h.id(), h.description(),
                h.encoding(), lines, h.md5(), h.disposition(), h.dispositionParams(), h.language(), h.location(), parts,
                encapsulated, envelope);
    }

    /** Ends the stream: the open entities end at EOF. Returns the meta with uid 0. */
    MessageMeta finish() {
        if (failed) {
            MimePart plain = new MimePart(0, 0, pos, "text", "plain", Map.of("charset", "us-ascii"), null, null, "7BIT",
                    lfCount, null, null, Map.of(), null, null, List.of(), null, EnvelopeParser.envelope(HeaderFields.EMPTY));
            return EnvelopeParser.meta(plain, HeaderFields.EMPTY);
        }
        if (lineLen > 0) line(lineLen, pos, lfCount);
        boolean endsWithLf = lastByte == '\n';
        while (!stack.isEmpty()) close(pos, lfCount, endsWithLf, true);
        return EnvelopeParser.meta(root, rootFields);
    }

    /** Bytes seen so far. */
    long size() { return pos; }
}
