package org.switchboard.smtp.sieve;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The :regex match type (draft-ietf-sieve-regex-01) on java.util.regex: unanchored search as
 * POSIX regexec does, "." matching any character, case folded only for i;ascii-casemap (§3).
 * A backtracking pattern cannot stall delivery: the subject is read through a CharSequence that
 * counts reads and watches a deadline, and running out ends the match as {@link Exhausted}.
 * One budget per test evaluation; not thread-safe.
 */
final class SieveRegex {
    static final int MAX_PATTERN = 1024;
    static final long MAX_STEPS = 20_000_000;
    static final long MAX_NANOS = 250_000_000L;

    /** The match gave up: too many steps or past the deadline. */
    static final class Exhausted extends RuntimeException {
        Exhausted(String message) {
            super(message, null, false, false);
        }
    }

    private long steps;
    private final long deadline = System.nanoTime() + MAX_NANOS;

    /** @throws SieveError when the pattern is too long or not a valid expression */
    static Pattern compile(String regex, boolean caseless, int line) {
        if (regex.length() > MAX_PATTERN) throw new SieveError(line, "regular expression longer than " + MAX_PATTERN + " characters");
        try {
            return Pattern.compile(regex, Pattern.DOTALL | (caseless ? Pattern.CASE_INSENSITIVE : 0));
        } catch (PatternSyntaxException e) {
            throw new SieveError(line, "invalid regular expression \"" + regex + "\": " + e.getDescription());
        }
    }

    /**
     * The groups of the first match in {@code value} (group 0 the whole match; at most ten), or null.
     *
     * @throws Exhausted when the budget runs out
     */
    List<String> find(Pattern pattern, String value) {
        Matcher m = pattern.matcher(new Budgeted(value));
        if (!m.find()) return null;
        List<String> groups = new ArrayList<>();
        for (int g = 0; g <= Math.min(9, m.groupCount()); g++) groups.add(m.group(g) == null ? "" : m.group(g));
        return groups;
    }

    private final class Budgeted implements CharSequence {
        private final String text;

        Budgeted(String text) {
            this.text = text;
        }

        @Override public int length() { return text.length(); }

        @Override
        public char charAt(int index) {
            if (++steps > MAX_STEPS) throw new Exhausted("more than " + MAX_STEPS + " steps");
            if ((steps & 0xfff) == 0 && System.nanoTime() - deadline > 0) throw new Exhausted("longer than " + MAX_NANOS / 1_000_000 + " ms");
            return text.charAt(index);
        }

        @Override public CharSequence subSequence(int start, int end) { return text.substring(start, end); }

        @Override public String toString() { return text; }
    }
}
