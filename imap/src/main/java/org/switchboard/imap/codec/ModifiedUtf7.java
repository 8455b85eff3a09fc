package org.switchboard.imap.codec;

import java.util.Optional;

/**
 * Mailbox names in modified UTF-7 (RFC 3501 §5.1.3, kept by RFC 9051 §5.1 for clients that did not
 * enable UTF8=ACCEPT): printable ASCII stands for itself except "&", which starts modified BASE64 of
 * UTF-16 ("," instead of "/", no padding) ended by "-"; "&-" is "&".
 */
public final class ModifiedUtf7 {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".toCharArray();
    private static final int[] VALUE = new int[128];

    static {
        java.util.Arrays.fill(VALUE, -1);
        for (int i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET[i]] = i;
    }

    private ModifiedUtf7() {
    }

    public static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '&') {
                out.append("&-");
                i++;
            } else if (c >= 0x20 && c <= 0x7e) {
                out.append(c);
                i++;
            } else {
                int end = i;
                while (end < name.length() && (name.charAt(end) < 0x20 || name.charAt(end) > 0x7e)) end++;
                out.append('&');
                base64(name, i, end, out);
                out.append('-');
                i = end;
            }
        }
        return out.toString();
    }

    /** The decoded name, or empty when the text is not valid modified UTF-7 (RFC 3501 §5.1.3 "MUST" rules). */
    public static Optional<String> decode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '&') {
                if (c > 0x7e) return Optional.empty();
                out.append(c);
                i++;
                continue;
            }
            int end = text.indexOf('-', i + 1);
            if (end < 0) return Optional.empty();
            if (end == i + 1) {
                out.append('&');
            } else if (!decodeRun(text, i + 1, end, out)) {
                return Optional.empty();
            }
            i = end + 1;
        }
        return Optional.of(out.toString());
    }

    private static void base64(String s, int from, int to, StringBuilder out) {
        int bits = 0;
        int buffer = 0;
        for (int i = from; i < to; i++) {
            buffer = (buffer << 16) | s.charAt(i);
            bits += 16;
            while (bits >= 6) {
                bits -= 6;
                out.append(ALPHABET[(buffer >> bits) & 0x3f]);
            }
        }
        if (bits > 0) out.append(ALPHABET[(buffer << (6 - bits)) & 0x3f]);
    }

    private static boolean decodeRun(String s, int from, int to, StringBuilder out) {
        int bits = 0;
        int buffer = 0;
        int start = out.length();
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int v = c < 128 ? VALUE[c] : -1;
            if (v < 0) return false;
            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits >= 16) {
                bits -= 16;
                out.append((char) ((buffer >> bits) & 0xffff));
            }
        }
        // Leftover bits must be zero padding shorter than one base64 digit pair.
        if (bits >= 6 || (buffer & ((1 << bits) - 1)) != 0) return false;
        // A run that encodes printable ASCII should have been sent as itself; reject it as the RFC requires.
        for (int i = start; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c >= 0x20 && c <= 0x7e) return false;
        }
        return out.length() > start;
    }
}
