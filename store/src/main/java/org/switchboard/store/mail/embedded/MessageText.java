package org.switchboard.store.mail.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.apache.james.mime4j.util.CharsetUtil;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.switchboard.store.mail.MimePart;

/**
 * The searchable text of a stored message, read back from its blob with the offsets parsed at
 * append: header values with RFC 2047 words decoded, and the text/* parts (also those inside
 * attached messages, with their headers) decoded per Content-Transfer-Encoding and charset,
 * HTML reduced to its text. Streams part by part; the body text is capped at MAX_BODY_CHARS so
 * indexing time and memory per message stay bounded.
 */
final class MessageText {
    static final int MAX_BODY_CHARS = 4 << 20;

    /** Reads a byte range of the message. */
    @FunctionalInterface
    interface Source {
        InputStream open(long from, long length) throws IOException;
    }

    private MessageText() {}

    /** The decoded values of the header fields between {@code from} and {@code to}, one per line. */
    static String headers(Source source, long from, long to) throws IOException {
        int length = (int) Math.min(to - from, MimeScanner.MAX_HEADER_BYTES + 1024L);
        byte[] bytes;
        try (InputStream in = source.open(from, length)) {
            bytes = in.readNBytes(length);
        }
        StringBuilder sb = new StringBuilder();
        for (HeaderFields.Field f : HeaderFields.parse(bytes, bytes.length).fields()) {
            sb.append(AddressParser.decodeWords(f.value())).append('\n');
        }
        return sb.toString();
    }

    /** The body text, lazily: each part's blob range is opened only when the reader reaches it. */
    static Reader body(Source source, MimePart root) {
        List<Segment> segments = new ArrayList<>();
        collect(root, false, segments);
        return new LimitedReader(new SequenceReader(source, segments.iterator()), MAX_BODY_CHARS);
    }

    /** A part's decoded body, or (for an attached message) its decoded header. */
    private record Segment(MimePart part, boolean header) {}

    private static void collect(MimePart part, boolean withHeader, List<Segment> out) {
        if (withHeader) out.add(new Segment(part, true));
        if (!part.parts().isEmpty()) {
            for (MimePart child : part.parts()) collect(child, false, out);
        } else if (part.message() != null) {
            collect(part.message(), true, out);
        } else if (part.type().equals("text")) {
            out.add(new Segment(part, false));
        }
    }

    private static Reader open(Source source, MimePart part, boolean header) throws IOException {
        if (header) return new StringReader(headers(source, part.headerStart(), part.bodyStart()));
        InputStream raw = new BufferedInputStream(source.open(part.bodyStart(), part.end() - part.bodyStart()), 16 * 1024);
        InputStream decoded = switch (part.encoding().toUpperCase(java.util.Locale.ROOT)) {
            case "BASE64" -> new Base64InputStream(raw, false);
            case "QUOTED-PRINTABLE" -> new QuotedPrintableInputStream(raw, false);
            default -> raw;
        };
        Reader text = new InputStreamReader(decoded, charset(part.params().get("charset")).newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        return part.subtype().equals("html") ? new HTMLStripCharFilter(text) : text;
    }

    /** Unknown charsets and US-ASCII (often mislabelled UTF-8) are read as UTF-8, its superset. */
    private static Charset charset(String name) {
        if (name == null) return StandardCharsets.UTF_8;
        Charset cs = CharsetUtil.lookup(name.strip());
        return cs == null || cs.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : cs;
    }

    /** Concatenates the segments, separated by a newline so words of two parts never merge. */
    private static final class SequenceReader extends Reader {
        private final Source source;
        private final Iterator<Segment> segments;
        private Reader current;

        SequenceReader(Source source, Iterator<Segment> segments) {
            this.source = source;
            this.segments = segments;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (true) {
                if (current == null) {
                    if (!segments.hasNext()) return -1;
                    Segment next = segments.next();
                    current = open(source, next.part, next.header);
                    buf[off] = '\n';
                    return 1;
                }
                int n = current.read(buf, off, len);
                if (n > 0) return n;
                current.close();
                current = null;
            }
        }

        @Override
        public void close() throws IOException {
            if (current != null) current.close();
        }
    }

    private static final class LimitedReader extends Reader {
        private final Reader in;
        private long remaining;

        LimitedReader(Reader in, long limit) {
            this.in = in;
            this.remaining = limit;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (remaining <= 0) return -1;
            int n = in.read(buf, off, (int) Math.min(len, remaining));
            if (n > 0) remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException { in.close(); }
    }
}
