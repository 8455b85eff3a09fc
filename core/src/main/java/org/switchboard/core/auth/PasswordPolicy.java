package org.switchboard.core.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A domain's password rules, after the Kerio guide: a minimum length, and with complexity on, three of four
 * character classes and nothing guessable from the account (user name, domain, full name). Immutable.
 * Names shorter than three characters are not checked as substrings: forbidding "al" or "a" in every
 * password would reject good passwords while adding nothing (Windows' complexity rule draws the same line).
 */
public record PasswordPolicy(boolean complexity, int minLength, int expiryDays) {
    static final int MAX_MIN_LENGTH = 256;
    private static final int SHORTEST_CHECKED_NAME = 3;
    private static final int REQUIRED_CLASSES = 3;

    public PasswordPolicy {
        if (minLength < 1 || minLength > MAX_MIN_LENGTH) {
            throw new IllegalArgumentException("minimum password length must be 1.." + MAX_MIN_LENGTH + ", got " + minLength);
        }
        if (expiryDays < 0) throw new IllegalArgumentException("password expiry must be 0 (never) or a number of days, got " + expiryDays);
    }

    public static PasswordPolicy defaults() {
        return new PasswordPolicy(true, 8, 0);
    }

    /** Every rule the password breaks, as sentences to show the user after "The password ..."; empty when it passes. */
    public List<String> violations(String password, String username, String fullName, String domain) {
        String pw = password == null ? "" : password;
        List<String> out = new ArrayList<>();
        if (pw.codePointCount(0, pw.length()) < minLength) {
            out.add(minLength == 1 ? "must not be empty" : "must be at least " + minLength + " characters");
        }
        if (!complexity) return out;
        if (classes(pw) < REQUIRED_CLASSES) out.add("must contain 3 of: lowercase, uppercase, digits, symbols");
        String lower = pw.toLowerCase(Locale.ROOT);
        if (username != null && (containsName(lower, username) || containsName(lower, localPart(username)))) {
            out.add("must not contain the user name");
        }
        if (domain != null && (containsName(lower, domain) || containsName(lower, firstLabel(domain)))) {
            out.add("must not contain the domain");
        }
        if (fullName != null) {
            for (String part : nameParts(fullName)) {
                if (containsName(lower, part)) out.add("must not contain part of the full name (\"" + part + "\")");
            }
        }
        return out;
    }

    private static int classes(String pw) {
        boolean lower = false, upper = false, digit = false, symbol = false;
        for (int i = 0; i < pw.length(); ) {
            int cp = pw.codePointAt(i);
            if (Character.isLowerCase(cp)) lower = true;
            else if (Character.isUpperCase(cp)) upper = true;
            else if (Character.isDigit(cp)) digit = true;
            else symbol = true; // includes letters without case (CJK, Arabic...): they are not guessable by case
            i += Character.charCount(cp);
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
    }

    private static boolean containsName(String lowerPassword, String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.codePointCount(0, n.length()) >= SHORTEST_CHECKED_NAME && lowerPassword.contains(n);
    }

    private static String localPart(String username) {
        int at = username.indexOf('@');
        return at < 0 ? username : username.substring(0, at);
    }

    private static String firstLabel(String domain) {
        int dot = domain.indexOf('.');
        return dot < 0 ? domain : domain.substring(0, dot);
    }

    /** "Jean-Luc O'Brien" gives Jean, Luc, O, Brien: any run of letters (with their marks) and digits is a part. */
    private static Set<String> nameParts(String fullName) {
        Set<String> parts = new LinkedHashSet<>();
        for (String p : fullName.split("[^\\p{L}\\p{M}\\p{N}]+")) {
            if (p.codePointCount(0, p.length()) >= SHORTEST_CHECKED_NAME) parts.add(p);
        }
        return parts;
    }
}
