package org.switchboard.store.mail.embedded;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one header block in order, unfolded (RFC 5322 §2.2.3) and trimmed. Field bytes
 * are read as UTF-8 (RFC 6532) when they are valid UTF-8 and as ISO-8859-1 otherwise, so 8-bit
 * junk keeps one character per byte. Lines that are neither fields nor continuations are skipped.
 */
record HeaderFields(List<Field> fields) {
    static final HeaderFields EMPTY = new HeaderFields(List.of());

    record Field(String name, String value) {}

    static HeaderFields parse(byte[] bytes, int length) {
        List<Field> out = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int start = 0;
        while (start < length) {
            int lf = start;
            while (lf < length && bytes[lf] != '\n') lf++;
            int end = lf > start && bytes[lf - 1] == '\r' ? lf - 1 : lf;
            if (end == start) break;
            byte first = bytes[start];
            if (first == ' ' || first == '\t') {
                if (name != null) value.append(decode(bytes, start, end));
            } else {
                if (name != null) out.add(field(name, value));
                name = null;
                int colon = indexOf(bytes, start, end, (byte) ':');
                String candidate = colon < 0 ? null : decode(bytes, start, colon).stripTrailing();
                if (candidate != null && validName(candidate)) {
                    name = candidate;
                    value.setLength(0);
                    value.append(decode(bytes, colon + 1, end));
                }
            }
            start = lf + 1;
        }
        if (name != null) out.add(field(name, value));
        return new HeaderFields(List.copyOf(out));
    }

    /** The first field of that name (case-insensitive), or null. */
    String first(String name) {
        for (Field f : fields) if (f.name.equalsIgnoreCase(name)) return f.value;
        return null;
    }

    private static Field field(String name, StringBuilder value) {
        // Unfolding leaves the whitespace; stray CR, LF and NUL would break IMAP quoted strings.
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) value.setCharAt(i, ' ');
        }
        return new Field(name, value.toString().strip());
    }

    private static boolean validName(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c > '~') return false;
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) if (bytes[i] == b) return i;
        return -1;
    }

    static String decode(byte[] bytes, int from, int to) {
        boolean ascii = true;
        for (int i = from; i < to && ascii; i++) ascii = bytes[i] >= 0;
        if (ascii) return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }
}
