package org.switchboard.pbx.sip.codec;

import java.util.ArrayList;
import java.util.List;

/** Lexical rules of RFC 3261 §25.1 shared by the field parsers. Stateless. */
final class Grammar {
    private Grammar() {}

    /** token characters: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" (RFC 3261 §25.1). */
    static boolean isTokenChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || "-.!%*_+`'~".indexOf(c) >= 0);
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (!isTokenChar(s.charAt(i))) return false;
        return true;
    }

    static boolean isWhite(char c) { return c == ' ' || c == '\t'; }

    static int skipWhite(String s, int i) {
        while (i < s.length() && isWhite(s.charAt(i))) i++;
        return i;
    }

    /**
     * Index just after the closing quote of the quoted-string starting at {@code start}. quoted-pair may escape any
     * character except CR and LF (RFC 3261 §25.1).
     */
    static int endOfQuoted(String s, int start) throws SipParseException {
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
                if (i >= s.length() || s.charAt(i) == '\r' || s.charAt(i) == '\n') throw new SipParseException("bad escape in quoted string");
            } else if (c == '"') {
                return i + 1;
            }
        }
        throw new SipParseException("unterminated quoted string");
    }

    static String unquote(String quoted) {
        StringBuilder b = new StringBuilder(quoted.length());
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() - 1) c = quoted.charAt(++i);
            b.append(c);
        }
        return b.toString();
    }

    static String quote(String text) {
        StringBuilder b = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') continue;
            if (c == '"' || c == '\\') b.append('\\');
            b.append(c);
        }
        return b.append('"').toString();
    }

    /**
     * Splits a header value at commas that are outside quoted strings and angle brackets (RFC 3261 §7.3.1).
     * Empty elements are refused: "a,,b" is not a list of header values.
     */
    static List<String> splitList(String value, int max) throws SipParseException {
        List<String> out = new ArrayList<>();
        if (value.isBlank()) return out;
        int start = 0;
        boolean inAngle = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                i = endOfQuoted(value, i) - 1;
            } else if (c == '<') {
                inAngle = true;
            } else if (c == '>') {
                inAngle = false;
            } else if (c == ',' && !inAngle) {
                add(out, value.substring(start, i), max);
                start = i + 1;
            }
        }
        add(out, value.substring(start), max);
        return out;
    }

    private static void add(List<String> out, String part, int max) throws SipParseException {
        String p = part.strip();
        if (p.isEmpty()) throw new SipParseException("empty element in a comma-separated header value");
        if (out.size() >= max) throw new SipParseException(513, "too many values in one header field");
        out.add(p);
    }

    /** Checks %HH escapes and that every other character is in {@code allowed} or alphanumeric. */
    static boolean escapedChars(String s, String allowed) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) return false;
                i += 2;
            } else if (!(c < 128 && Character.isLetterOrDigit(c)) && allowed.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** Decodes %HH escapes; not recursive (RFC 3986 §2.4), so "%2541" becomes "%41". */
    static String unescape(String s) {
        if (s.indexOf('%') < 0) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                b.append((char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** host = hostname / IPv4address / IPv6reference (RFC 3261 §25.1); IPv6 checked per RFC 4291 §2.2 and RFC 5118. */
    static boolean isHost(String h) {
        if (h.isEmpty()) return false;
        if (h.charAt(0) == '[') return h.endsWith("]") && isIpv6(h.substring(1, h.length() - 1));
        if (h.charAt(0) == '.' || h.charAt(0) == '-') return false;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!(c < 128 && Character.isLetterOrDigit(c)) && c != '-' && c != '.') return false;
        }
        return !h.contains("..");
    }

    static boolean isIpv6(String a) {
        if (a.isEmpty() || a.contains(":::")) return false;
        int doubles = a.indexOf("::") >= 0 ? 1 : 0;
        if (doubles == 1 && a.indexOf("::") != a.lastIndexOf("::")) return false;
        String[] parts = a.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) continue;
            if (p.indexOf('.') >= 0) {
                if (i != parts.length - 1 || !isIpv4(p)) return false;
                groups += 2;
                continue;
            }
            if (p.length() > 4) return false;
            for (char c : p.toCharArray()) if (hex(c) < 0) return false;
            groups++;
        }
        // A leading or trailing single colon is not allowed ("::1" and "1::" are).
        if ((a.startsWith(":") && !a.startsWith("::")) || (a.endsWith(":") && !a.endsWith("::"))) return false;
        return doubles == 1 ? groups < 8 : groups == 8;
    }

    static boolean isIpv4(String a) {
        String[] p = a.split("\\.", -1);
        if (p.length != 4) return false;
        for (String x : p) {
            if (x.isEmpty() || x.length() > 3) return false;
            for (char c : x.toCharArray()) if (c < '0' || c > '9') return false;
            if (Integer.parseInt(x) > 255) return false;
        }
        return true;
    }

    /** port = 1*DIGIT, 0..65535. */
    static int port(String p) throws SipParseException {
        if (p.isEmpty() || p.length() > 5) throw new SipParseException("bad port '" + p + "'");
        for (char c : p.toCharArray()) if (c < '0' || c > '9') throw new SipParseException("bad port '" + p + "'");
        int v = Integer.parseInt(p);
        if (v > 65535) throw new SipParseException("port out of range: " + p);
        return v;
    }
}
