package org.switchboard.imap.codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A sequence-set (RFC 9051 §9 "sequence-set"): ranges of message numbers or UIDs in any order, where
 * {@link #STAR} stands for the largest number in use, or "$", the saved search result (RFC 5182).
 * Immutable. Resolution against the mailbox happens in the session, which knows "*" and "$".
 */
public record SequenceSet(List<Range> ranges, boolean savedResult) {
    /** "*": the largest number in use in the mailbox. */
    public static final long STAR = -1;
    public static final long MAX_NUMBER = 0xFFFF_FFFFL;

    public static final SequenceSet SAVED = new SequenceSet(List.of(), true);

    public SequenceSet {
        ranges = List.copyOf(ranges);
        if (savedResult && !ranges.isEmpty()) throw new IllegalArgumentException("$ cannot be combined with ranges");
        if (!savedResult && ranges.isEmpty()) throw new IllegalArgumentException("empty sequence set");
    }

    /** first:last in either order; a single number has first == last. */
    public record Range(long first, long last) {
        public Range {
            if (!valid(first) || !valid(last)) throw new IllegalArgumentException("sequence number out of range");
        }

        private static boolean valid(long n) { return n == STAR || (n >= 1 && n <= MAX_NUMBER); }

        public long low(long max) { return Math.min(resolve(first, max), resolve(last, max)); }

        public long high(long max) { return Math.max(resolve(first, max), resolve(last, max)); }

        private static long resolve(long n, long max) { return n == STAR ? max : n; }
    }

    public static SequenceSet of(long first, long last) { return new SequenceSet(List.of(new Range(first, last)), false); }

    /**
     * Whether {@code n} is in the set when the largest number in use is {@code max}. A range that names
     * numbers beyond {@code max} just matches fewer (RFC 9051 §9: "*" is max; numbers above it are ignored
     * for UIDs, and the session rejects them for message numbers).
     */
    public boolean contains(long n, long max) {
        if (savedResult) throw new IllegalStateException("resolve $ first");
        for (Range r : ranges) if (n >= r.low(max) && n <= r.high(max)) return true;
        return false;
    }

    /** The highest number the set names, "*" counting as {@code max}. */
    public long highest(long max) {
        long h = 0;
        for (Range r : ranges) h = Math.max(h, r.high(max));
        return h;
    }

    /** Whether any range names "*". */
    public boolean usesStar() {
        for (Range r : ranges) if (r.first == STAR || r.last == STAR) return true;
        return false;
    }

    /** How many numbers the ranges name, counted as written (overlaps count twice), "*" as {@code max}. */
    public long size(long max) {
        long n = 0;
        for (Range r : ranges) n += r.high(max) - r.low(max) + 1;
        return n;
    }

    /** The numbers as written, each range ascending, "*" as {@code max}; nothing is expanded up front. */
    public java.util.PrimitiveIterator.OfLong numbers(long max) {
        if (savedResult) throw new IllegalStateException("resolve $ first");
        return new java.util.PrimitiveIterator.OfLong() {
            private int range;
            private long next = ranges.getFirst().low(max);

            @Override
            public boolean hasNext() { return range < ranges.size(); }

            @Override
            public long nextLong() {
                if (!hasNext()) throw new java.util.NoSuchElementException();
                long out = next;
                if (next < ranges.get(range).high(max)) {
                    next++;
                } else if (++range < ranges.size()) {
                    next = ranges.get(range).low(max);
                }
                return out;
            }
        };
    }

    /**
     * Parses RFC 9051 sequence-set; "$" when {@code allowSaved}.
     *
     * @throws IllegalArgumentException with a message fit for a BAD response
     */
    public static SequenceSet parse(String text, boolean allowSaved) {
        Objects.requireNonNull(text);
        if (text.equals("$")) {
            if (!allowSaved) throw new IllegalArgumentException("$ is not allowed here");
            return SAVED;
        }
        if (text.isEmpty()) throw new IllegalArgumentException("empty sequence set");
        List<Range> ranges = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                long n = number(part);
                ranges.add(new Range(n, n));
            } else {
                ranges.add(new Range(number(part.substring(0, colon)), number(part.substring(colon + 1))));
            }
        }
        return new SequenceSet(ranges, false);
    }

    private static long number(String s) {
        if (s.equals("*")) return STAR;
        if (s.isEmpty() || s.length() > 10) throw new IllegalArgumentException("invalid sequence number '" + s + "'");
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new IllegalArgumentException("invalid sequence number '" + s + "'");
            n = n * 10 + (c - '0');
        }
        // RFC 9051 §9: nz-number; 0 and values above 2^32-1 are syntax errors.
        if (n < 1 || n > MAX_NUMBER) throw new IllegalArgumentException("sequence number out of range: " + s);
        return n;
    }

    /** Compact form of ascending numbers, e.g. [1,2,3,5] -> "1:3,5" (COPYUID, VANISHED, ESEARCH ALL). */
    public static String format(Collection<Long> numbers) {
        List<Long> sorted = new ArrayList<>(numbers);
        sorted.sort(null);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            long start = sorted.get(i);
            long end = start;
            while (i + 1 < sorted.size() && (sorted.get(i + 1) == end + 1 || sorted.get(i + 1) == end)) end = sorted.get(++i);
            if (!out.isEmpty()) out.append(',');
            out.append(start);
            if (end != start) out.append(':').append(end);
            i++;
        }
        return out.toString();
    }

    /** Numbers in the given order, as UIDPLUS pairs them (RFC 4315 §3: source and target sets correspond). */
    public static String formatInOrder(List<Long> numbers) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < numbers.size()) {
            long start = numbers.get(i);
            long end = start;
            while (i + 1 < numbers.size() && numbers.get(i + 1) == end + 1) end = numbers.get(++i);
            if (!out.isEmpty()) out.append(',');
            out.append(start);
            if (end != start) out.append(':').append(end);
            i++;
        }
        return out.toString();
    }

    @Override
    public String toString() {
        if (savedResult) return "$";
        StringBuilder out = new StringBuilder();
        for (Range r : ranges) {
            if (!out.isEmpty()) out.append(',');
            out.append(r.first == STAR ? "*" : Long.toString(r.first));
            if (r.first != r.last) out.append(':').append(r.last == STAR ? "*" : Long.toString(r.last));
        }
        return out.toString();
    }
}
