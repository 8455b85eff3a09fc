package org.switchboard.smtp.sieve;

import java.math.BigInteger;

/**
 * The comparators scripts may name (RFC 5228 §2.7.3, RFC 4790 §9): i;octet (code point order,
 * which is UTF-8 octet order), i;ascii-casemap (the same after folding ASCII letters) and
 * i;ascii-numeric (RFC 4790 §9.1: the leading digits as a number; a string without one is
 * positive infinity; no substring operation). Stateless.
 */
enum SieveComparator {
    OCTET("i;octet"), CASEMAP("i;ascii-casemap"), NUMERIC("i;ascii-numeric");

    private final String name;

    SieveComparator(String name) {
        this.name = name;
    }

    String comparatorName() { return name; }

    /** The comparator a :comparator value names; null when unknown. */
    static SieveComparator named(String name) {
        for (SieveComparator c : values()) if (c.name.equalsIgnoreCase(name)) return c;
        return null;
    }

    /** RFC 4790 §9.1: i;ascii-numeric offers equality and ordering only. */
    boolean substrings() { return this != NUMERIC; }

    boolean equal(String value, String key) {
        return compare(value, key) == 0;
    }

    /** Negative, zero or positive as {@code value} orders before, with or after {@code key}. */
    int compare(String value, String key) {
        return switch (this) {
            case OCTET -> codePoints(value, key);
            case CASEMAP -> codePoints(fold(value), fold(key));
            case NUMERIC -> numeric(value, key);
        };
    }

    boolean contains(String value, String key) {
        return this == OCTET ? value.contains(key) : fold(value).contains(fold(key));
    }

    /** i;ascii-casemap (RFC 4790 §9.2): only ASCII letters fold. */
    static String fold(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }

    private static int codePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) return Integer.compare(x, y);
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static int numeric(String a, String b) {
        BigInteger x = leadingNumber(a);
        BigInteger y = leadingNumber(b);
        if (x == null || y == null) return x == y ? 0 : x == null ? 1 : -1;
        return x.compareTo(y);
    }

    /** The number the string starts with; null (positive infinity) when it starts with no digit. */
    private static BigInteger leadingNumber(String s) {
        int end = 0;
        while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') end++;
        return end == 0 ? null : new BigInteger(s.substring(0, end));
    }
}
