package org.switchboard.imap.codec;

import java.util.List;

/**
 * A BODY[...] / BINARY[...] section (RFC 9051 §6.4.5): a part path ("1.2.3", empty for the whole
 * message) and what of that part. Field names are kept as sent; matching is case-insensitive.
 */
public record Section(List<Integer> part, Text text, List<String> fields) {
    public enum Text { NONE, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }

    public static final Section WHOLE = new Section(List.of(), Text.NONE, List.of());

    public Section {
        part = List.copyOf(part);
        fields = List.copyOf(fields);
    }

    /** The section spec as the FETCH response repeats it, e.g. "1.2.HEADER.FIELDS (SUBJECT)". */
    public String spec() {
        StringBuilder b = new StringBuilder();
        for (int p : part) {
            if (!b.isEmpty()) b.append('.');
            b.append(p);
        }
        String t = switch (text) {
            case NONE -> "";
            case HEADER -> "HEADER";
            case HEADER_FIELDS -> "HEADER.FIELDS";
            case HEADER_FIELDS_NOT -> "HEADER.FIELDS.NOT";
            case TEXT -> "TEXT";
            case MIME -> "MIME";
        };
        if (!t.isEmpty()) {
            if (!b.isEmpty()) b.append('.');
            b.append(t);
        }
        if (text == Text.HEADER_FIELDS || text == Text.HEADER_FIELDS_NOT) {
            b.append(" (").append(String.join(" ", fields)).append(')');
        }
        return b.toString();
    }
}
