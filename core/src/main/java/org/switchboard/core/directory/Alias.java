package org.switchboard.core.directory;

/**
 * A user-name alias in a domain. The pattern is a local part where {@code ?} matches one
 * character and {@code *} any run (possibly empty); {@code *} alone is the domain's catch-all.
 * The target is a local name (user, group or alias of the same domain), an e-mail address
 * (local or external) or a public folder {@code #public/Name}.
 */
public record Alias(String id, String domain, String pattern, String target, String description) {
    public Alias {
        if (description == null) description = "";
    }

    public boolean isCatchAll() { return pattern.equals("*"); }

    public boolean isWildcard() { return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0; }

    /** Literal characters outrank wildcards: a higher value is the more specific pattern. */
    int specificity() {
        int literal = 0;
        for (char c : pattern.toCharArray()) if (c != '*' && c != '?') literal++;
        return literal * 4 - (int) pattern.chars().filter(c -> c == '*').count();
    }

    boolean matches(String localPart) { return glob(pattern, 0, localPart, 0); }

    private static boolean glob(String p, int pi, String s, int si) {
        // Iterative glob with backtracking over the last '*'; linear in practice, no regex to compile.
        int star = -1, mark = 0;
        while (si < s.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == s.charAt(si))) { pi++; si++; }
            else if (pi < p.length() && p.charAt(pi) == '*') { star = pi++; mark = si; }
            else if (star >= 0) { pi = star + 1; si = ++mark; }
            else return false;
        }
        while (pi < p.length() && p.charAt(pi) == '*') pi++;
        return pi == p.length();
    }

    Alias withDomain(String d) { return new Alias(id, d, pattern, target, description); }
}
