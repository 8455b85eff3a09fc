package org.switchboard.imap.handler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.switchboard.imap.codec.Section;
import org.switchboard.store.mail.MimePart;

/**
 * Where a FETCH section is in the stored message (RFC 9051 §6.4.5 part numbering) and how BINARY decodes
 * a part (RFC 3516). Works on the MIME tree parsed at append: sections are byte ranges of the blob, only
 * HEADER.FIELDS needs the header bytes themselves (bounded by {@link #MAX_HEADER_BYTES}).
 */
final class MessageParts {
    static final int MAX_HEADER_BYTES = 256 * 1024;

    /** A section's content: a range of the raw message, or bytes built from it (filtered headers). */
    sealed interface Content permits Range, Bytes {}

    record Range(long from, long length) implements Content {}

    record Bytes(byte[] data) implements Content {}

    /** Reads a range of the stored message. */
    interface Source {
        InputStream open(long from, long length) throws IOException;
    }

    private MessageParts() {
    }

    static boolean multipart(MimePart p) {
        return "multipart".equalsIgnoreCase(p.type());
    }

    /** message/rfc822 and message/global (RFC 6532) carry an encapsulated message with its own parts. */
    static boolean encapsulated(MimePart p) {
        return "message".equalsIgnoreCase(p.type()) && p.message() != null
                && ("rfc822".equalsIgnoreCase(p.subtype()) || "global".equalsIgnoreCase(p.subtype()));
    }

    /**
     * The part a path names (RFC 9051 §6.4.5): numbers index multipart children; below a message/rfc822
     * part they index the encapsulated message's parts; a non-multipart entity has only part 1, itself.
     * Null when there is no such part.
     */
    static MimePart find(MimePart root, List<Integer> path) {
        MimePart current = root;
        for (int i = 0; i < path.size(); i++) {
            int n = path.get(i);
            if (i > 0 && encapsulated(current)) current = current.message();
            if (multipart(current)) {
                if (current.parts() == null || n > current.parts().size()) return null;
                current = current.parts().get(n - 1);
            } else if (n != 1) {
                return null;
            }
        }
        return current;
    }

    /** The content of a BODY[section], or null when the section does not exist. */
    static Content content(MimePart root, Section section, Source source) throws IOException {
        MimePart part = find(root, section.part());
        if (part == null) return null;
        boolean top = section.part().isEmpty();
        // HEADER and TEXT of a part mean those of the message it encapsulates (RFC 9051 §6.4.5).
        MimePart message = top ? root : encapsulated(part) ? part.message() : null;
        return switch (section.text()) {
            case NONE -> top ? new Range(0, root.end()) : new Range(part.bodyStart(), part.end() - part.bodyStart());
            case MIME -> new Range(part.headerStart(), part.bodyStart() - part.headerStart());
            case HEADER -> message == null ? null : new Range(message.headerStart(), message.bodyStart() - message.headerStart());
            case TEXT -> message == null ? null : new Range(message.bodyStart(), message.end() - message.bodyStart());
            case HEADER_FIELDS, HEADER_FIELDS_NOT -> {
                if (message == null) yield null;
                long length = Math.min(message.bodyStart() - message.headerStart(), MAX_HEADER_BYTES);
                byte[] header;
                try (InputStream in = source.open(message.headerStart(), length)) {
                    header = in.readAllBytes();
                }
                yield new Bytes(filterFields(header, section.fields(), section.text() == Section.Text.HEADER_FIELDS));
            }
        };
    }

    /**
     * Keeps (or drops) the named header fields, folded lines included, and ends with the blank line as
     * RFC 9051 §6.4.5 requires for HEADER.FIELDS.
     */
    static byte[] filterFields(byte[] header, List<String> names, boolean keep) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        boolean copying = false;
        while (i < header.length) {
            int end = i;
            while (end < header.length && header[end] != '\n') end++;
            int next = Math.min(end + 1, header.length);
            int contentEnd = end > i && header[end - 1] == '\r' ? end - 1 : end;
            if (contentEnd == i) break;   // the blank line ending the header
            boolean continuation = header[i] == ' ' || header[i] == '\t';
            if (!continuation) {
                int colon = i;
                while (colon < contentEnd && header[colon] != ':') colon++;
                String name = new String(header, i, colon - i, java.nio.charset.StandardCharsets.ISO_8859_1).trim();
                boolean listed = names.stream().anyMatch(n -> n.equalsIgnoreCase(name));
                copying = listed == keep;
            }
            if (copying) {
                out.write(header, i, contentEnd - i);
                out.write('\r');
                out.write('\n');
            }
            i = next;
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * The decoded content of a part (RFC 3516 §4.2), or null when the transfer encoding is unknown
     * (answered NO [UNKNOWN-CTE]). Multipart and message parts are returned as they are.
     */
    static InputStream decoded(MimePart part, InputStream raw) {
        String encoding = part.encoding() == null ? "7bit" : part.encoding().trim().toLowerCase(Locale.ROOT);
        if (multipart(part) || encapsulated(part)) return raw;
        return switch (encoding) {
            case "7bit", "8bit", "binary", "" -> raw;
            case "base64" -> Base64.getMimeDecoder().wrap(raw);
            case "quoted-printable" -> new QuotedPrintableInput(raw);
            default -> null;
        };
    }

    /** Quoted-printable decoding (RFC 2045 §6.7): "=XX", soft line breaks "=" CRLF; malformed escapes pass through. */
    static final class QuotedPrintableInput extends InputStream {
        private final InputStream in;
        private final int[] pushback = new int[3];
        private int pushed;

        QuotedPrintableInput(InputStream in) {
            this.in = new java.io.BufferedInputStream(in, 8192);
        }

        @Override
        public int read() throws IOException {
            while (true) {
                int c = next();
                if (c != '=') return c;
                int a = next();
                if (a == '\r') {
                    int b = next();
                    if (b == '\n') continue;   // soft line break
                    unread(b);
                    continue;
                }
                if (a == '\n') continue;
                int b = next();
                int hi = Character.digit(a, 16);
                int lo = Character.digit(b, 16);
                if (hi >= 0 && lo >= 0) return hi * 16 + lo;
                unread(b);
                unread(a);
                return '=';
            }
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) return 0;
            int n = 0;
            while (n < length) {
                int c = read();
                if (c < 0) break;
                target[offset + n++] = (byte) c;
                if (pushed == 0 && in.available() == 0 && n > 0) break;
            }
            return n == 0 ? -1 : n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private int next() throws IOException {
            return pushed > 0 ? pushback[--pushed] : in.read();
        }

        private void unread(int c) {
            if (c >= 0) pushback[pushed++] = c;
        }
    }
}
