package org.switchboard.imap.handler;

import java.util.Locale;

/**
 * The "base subject" of RFC 5256 §2.1 that SORT SUBJECT and THREAD compare: reply and forward markers,
 * leading "[blob]"s, trailing "(fwd)" and "[fwd: ...]" wrappers removed, white space collapsed, then
 * upper-cased for the i;ascii-casemap comparison.
 */
final class BaseSubject {
    private BaseSubject() {
    }

    static String of(String subject) {
        return extract(subject).text().toUpperCase(Locale.ROOT);
    }

    /** Whether extracting removed a reply or forward marker (THREAD REFERENCES step 5 prefers originals). */
    static boolean isReply(String subject) {
        return extract(subject).reply();
    }

    private record Result(String text, boolean reply) {}

    private static Result extract(String subject) {
        String s = subject == null ? "" : subject.replaceAll("[\\t\\r\\n ]+", " ").trim();
        boolean reply = false;
        while (true) {
            // Step 2: trailing "(fwd)" and white space.
            while (s.toLowerCase(Locale.ROOT).endsWith("(fwd)")) {
                s = s.substring(0, s.length() - 5).trim();
                reply = true;
            }
            // Steps 3-5: leading "re:", "fw:", "fwd:" (each with optional [blob]) and "[blob]" prefixes.
            boolean changed = true;
            while (changed) {
                changed = false;
                int leader = leader(s);
                if (leader > 0) {
                    s = s.substring(leader).trim();
                    reply = true;
                    changed = true;
                }
                int blob = blob(s, 0);
                if (blob > 0 && blob < s.length()) {
                    s = s.substring(blob).trim();
                    changed = true;
                }
            }
            // Step 6: "[fwd: ...]" wrapped around the whole subject.
            if (s.length() > 6 && s.regionMatches(true, 0, "[fwd:", 0, 5) && s.endsWith("]")) {
                s = s.substring(5, s.length() - 1).trim();
                reply = true;
                continue;
            }
            return new Result(s, reply);
        }
    }

    /** Length of a subj-refwd ("re" / "fw" / "fwd", optional blob, ":") at the start, or 0. */
    private static int leader(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        int i;
        if (lower.startsWith("re")) i = 2;
        else if (lower.startsWith("fwd")) i = 3;
        else if (lower.startsWith("fw")) i = 2;
        else return 0;
        while (i < s.length() && s.charAt(i) == ' ') i++;
        int blob = blob(s, i);
        if (blob > 0) i = blob;
        return i < s.length() && s.charAt(i) == ':' ? i + 1 : 0;
    }

    /** End of a "[...]" blob (no brackets inside) and the white space after it, starting at {@code from}, or 0. */
    private static int blob(String s, int from) {
        if (from >= s.length() || s.charAt(from) != '[') return 0;
        int close = s.indexOf(']', from + 1);
        if (close < 0 || s.substring(from + 1, close).indexOf('[') >= 0) return 0;
        int end = close + 1;
        while (end < s.length() && s.charAt(end) == ' ') end++;
        return end;
    }
}
